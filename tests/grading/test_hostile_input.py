"""Student-controlled input must never stop the grading, the reports or the printing of another
student: a bracket in a name, a JSON file that is not a notebook, a very deep expression, an
LMS file whose id is a file name of submitted/. Unit level: each test calls the function that
failed, with the grader's slow parts (nbgrader, kernels, Dask) replaced where they play no part.
"""

from __future__ import annotations

import io
import shutil

import pytest
from rich.console import Console

from assignments import cli
from assignments.grading import report, similarity
from assignments.grading.autograde import ClassResult, SubmissionResult
from tests.conftest import CONV, CONV_NOTEBOOK, CONV_RELEASE

# rich markup in every kind of text a student controls
HOSTILE = "[/]x[bold]y[/bold][link=http://evil]z"


def _hostile_class() -> ClassResult:
    graded = SubmissionResult(
        f"s{HOSTILE}",
        "graded",
        scores={f"test_{HOSTILE}": 1.0, "test_f": 0.0},
        problems=[f"a cell of the student's raised ValueError: {HOSTILE}"],
        tampering=[f"f: failed trusted verification (reason {HOSTILE}); scored 0"],
    )
    broken = SubmissionResult("[/]", "not graded", problems=[f"not graded: {HOSTILE}"])
    return ClassResult(CONV, "nb", {f"test_{HOSTILE}": 1.0, "test_f": 2.0}, [graded, broken])


# --- A. student text is printed as plain text, after the results are written ----------------


def test_the_class_report_prints_student_text_literally():
    out = Console(file=io.StringIO(), width=400)  # a console with rich's defaults: markup on
    report.print_report(_hostile_class(), out)
    text = out.file.getvalue()
    assert (
        f"s{HOSTILE}" in text and f"reason {HOSTILE}" in text and f"not graded: {HOSTILE}" in text
    )
    assert "\x1b" not in text


def test_a_terminal_escape_in_student_text_is_shown_not_sent():
    result = _hostile_class()
    result.submissions[1].problems = ["evil \x1b[2J\x1b]0;title\x07 text"]
    out = Console(file=io.StringIO(), width=400, force_terminal=True)
    report.print_report(result, out)
    assert "\x1b[2J" not in out.file.getvalue() and "\x1b]0;" not in out.file.getvalue()


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with the committed release of conv_step_by_step and no submission;
    the CLI's console writes into a buffer (its own settings kept)."""
    root = tmp_path / "course"
    (root / "release" / CONV).mkdir(parents=True)
    shutil.copy(CONV_RELEASE, root / "release" / CONV / CONV_NOTEBOOK)
    (root / "nbgrader_config.py").write_text("")
    (root / "submitted").mkdir()
    (root / "submitted" / "README.md").write_text("nbgrader's submitted folder\n")
    monkeypatch.setenv("COURSE_ROOT", str(root))
    monkeypatch.setattr(cli.console, "file", io.StringIO())
    return root


def _printed() -> str:
    return cli.console.file.getvalue()


def test_course_autograde_prints_student_text_literally(course, monkeypatch):
    monkeypatch.setattr(cli, "autograde_class", lambda *args, **kwargs: _hostile_class())
    cli.main(["autograde", CONV])
    assert f"s{HOSTILE}" in _printed() and f"not graded: {HOSTILE}" in _printed()
    assert f"s{HOSTILE}" in (course / "reports" / CONV / "grades.csv").read_text()


def test_grades_are_written_before_anything_is_printed(course, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(cli, "autograde_class", lambda *args, **kwargs: _hostile_class())
    monkeypatch.setattr(report, "print_report", fail)
    with pytest.raises(RuntimeError):
        cli.main(["autograde", CONV])
    assert f"s{HOSTILE}" in (course / "reports" / CONV / "grades.csv").read_text()


def test_course_collect_prints_file_names_literally(course, tmp_path):
    lms = tmp_path / "lms"
    lms.mkdir()
    (lms / "[bold]x[link=y]z.txt").write_text("x")  # no "/" in a file name, so no "[/]"
    (lms / "s1_x.ipynb").write_text("{}")
    assert cli.main(["collect", str(lms), "--assignment", CONV]) == 0
    assert "[bold]x[link=y]z.txt: not a notebook" in _printed()


def test_course_feedback_prints_errors_literally(course, monkeypatch):
    (course / "autograded" / "[bold]s" / CONV).mkdir(parents=True)
    errors = {"[bold]s": HOSTILE}
    monkeypatch.setattr(cli, "generate_feedback", lambda root, slug, students: errors)
    assert cli.main(["feedback", CONV]) == 1
    assert f"[bold]s: no feedback ({HOSTILE})" in _printed()


def test_course_similarity_prints_student_ids_literally(course, monkeypatch):
    pair = similarity.Pair(f"a{HOSTILE}", "[/]", 1.0, 20, {"conv_forward": 20})
    monkeypatch.setattr(similarity, "collect", lambda *args, **kwargs: ({"a": {}, "b": {}}, {}))
    monkeypatch.setattr(similarity, "compare", lambda students, reference: [pair])
    monkeypatch.setattr(similarity, "write_report", lambda *args, **kwargs: course / "s.html")
    assert cli.main(["similarity", CONV]) == 0
    assert f"a{HOSTILE} / [/]: 20 rare sequences" in _printed()
