"""Student-controlled input must never stop the grading, the reports or the printing of another
student: a bracket in a name, a JSON file that is not a notebook, a very deep expression, an
LMS file whose id is a file name of submitted/. Unit level: each test calls the function that
failed, with the grader's slow parts (nbgrader, kernels, Dask) replaced where they play no part.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from course import cli
from course.commands import autograde as autograde_command
from course.commands import console
from course.commands import feedback as feedback_command
from course.grading import grades, runner, samples, similarity
from course.grading.collect import collect
from course.grading.results import ClassResult, SubmissionResult
from course.grading.submission import check_submission, remove_links
from rich.console import Console

from tests.conftest import CONV, CONV_NOTEBOOK, CONV_RELEASE, CONV_VARIANTS, copy_course
from tests.grading.conftest import submit

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
    grades.print_report(_hostile_class(), out)
    text = out.file.getvalue()
    assert (
        f"s{HOSTILE}" in text and f"reason {HOSTILE}" in text and f"not graded: {HOSTILE}" in text
    )
    assert "\x1b" not in text


def test_a_terminal_escape_in_student_text_is_shown_not_sent():
    result = _hostile_class()
    result.submissions[1].problems = ["evil \x1b[2J\x1b]0;title\x07 text"]
    out = Console(file=io.StringIO(), width=400, force_terminal=True)
    grades.print_report(result, out)
    assert "\x1b[2J" not in out.file.getvalue() and "\x1b]0;" not in out.file.getvalue()


def _printed() -> str:
    return console.file.getvalue()


def test_course_autograde_prints_student_text_literally(course, monkeypatch):
    monkeypatch.setattr(autograde_command, "grade_class", lambda *args, **kwargs: _hostile_class())
    cli.main(["autograde", CONV])
    assert f"s{HOSTILE}" in _printed() and f"not graded: {HOSTILE}" in _printed()
    assert f"s{HOSTILE}" in (course / "reports" / CONV / "grades.csv").read_text()


def test_grades_are_written_before_anything_is_printed(course, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the terminal went away")

    monkeypatch.setattr(autograde_command, "grade_class", lambda *args, **kwargs: _hostile_class())
    monkeypatch.setattr(grades, "print_report", fail)
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
    monkeypatch.setattr(feedback_command, "generate_feedback", lambda root, slug, students: errors)
    assert cli.main(["feedback", CONV]) == 1
    assert f"[bold]s: no feedback ({HOSTILE})" in _printed()


def test_course_similarity_prints_student_ids_literally(course, monkeypatch):
    pair = similarity.Pair(f"a{HOSTILE}", "[/]", 1.0, 20, {"conv_forward": 20})
    monkeypatch.setattr(similarity, "collect", lambda *args, **kwargs: ({"a": {}, "b": {}}, {}))
    monkeypatch.setattr(similarity, "compare", lambda students, reference: [pair])
    monkeypatch.setattr(similarity, "write_report", lambda *args, **kwargs: course / "s.html")
    assert cli.main(["similarity", CONV]) == 0
    assert f"a{HOSTILE} / [/]: 20 rare sequences" in _printed()


# --- B. a valid JSON file that is not a notebook is reported, never raised -----------------

_CODE = {"cell_type": "code", "id": "c1", "metadata": {}, "outputs": [], "execution_count": None}


def _nb(cells, **top):
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells, **top})


NOT_NOTEBOOKS = {
    "null": "null",
    "list": "[]",
    "string": '"a notebook"',
    "nbformat 99": '{"nbformat": 99}',
    "nbformat as text": '{"nbformat": "4.0"}',
    "nbformat NaN": '{"nbformat": NaN}',
    "nbformat float": '{"nbformat": 4.0, "nbformat_minor": 5, "metadata": {}, "cells": []}',
    "minor as text": '{"nbformat": 4, "nbformat_minor": "x", "metadata": {}, "cells": []}',
    "cells null": _nb(None),
    "cells a number": _nb(3),
    "cells a string": _nb("abc"),
    "a cell null": _nb([None]),
    "a cell without source": _nb([{k: v for k, v in _CODE.items()}]),
    "source with a number": _nb([{**_CODE, "source": ["# GRADED FUNCTION: zero_pad\n", 3]}]),
    "cell metadata a list": _nb([{**_CODE, "source": "x", "metadata": []}]),
    "nbgrader metadata a string": _nb([{**_CODE, "source": "x", "metadata": {"nbgrader": "x"}}]),
    "deeply nested": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("content", NOT_NOTEBOOKS.values(), ids=NOT_NOTEBOOKS.keys())
def test_json_that_is_not_a_notebook_is_reported_in_one_line(tmp_path, content):
    path = tmp_path / CONV_NOTEBOOK
    path.write_text(content)
    gradable, problems = check_submission(path, CONV_RELEASE)
    assert not gradable
    assert len(problems) == 1 and "\n" not in problems[0]
    assert problems[0].startswith(f"{path} is not ") and "not graded" in problems[0]


def test_a_folder_in_place_of_the_notebook_is_reported(tmp_path):
    (tmp_path / CONV_NOTEBOOK).mkdir()
    gradable, problems = check_submission(tmp_path / CONV_NOTEBOOK, CONV_RELEASE)
    assert not gradable and "not graded" in problems[0]


@pytest.fixture
def broken_class(fake_grader):
    """Three broken submissions (a JSON null, a list, a folder) and "fine"."""
    for student, content in [("a-null", "null"), ("b-list", "[]"), ("c-folder", None)]:
        submit(fake_grader, student, content)
    submit(fake_grader, "fine", "{}")
    return fake_grader


def _statuses(result: ClassResult) -> dict[str, str]:
    return {s.student: s.status for s in result.submissions}


def test_the_sequential_run_grades_everyone_after_broken_submissions(broken_class):
    result = runner.grade_class(broken_class, CONV)
    assert _statuses(result) == {
        "a-null": "not graded", "b-list": "not graded", "c-folder": "not graded", "fine": "graded",
    }  # fmt: skip
    assert all(len(s.problems) == 1 for s in result.submissions if s.status != "graded")


def test_the_parallel_run_grades_everyone_after_broken_submissions(broken_class, inline_dask):
    result = runner.grade_class(broken_class, CONV, executor=runner.LocalProcesses(2))
    assert _statuses(result) == {
        "a-null": "not graded", "b-list": "not graded", "c-folder": "not graded", "fine": "graded",
    }  # fmt: skip


# --- C. similarity survives deep expressions; collect skips what it cannot place -----------


def test_a_deep_expression_costs_only_its_statement():
    source = "def f(x):\n    y = " + " + ".join(["x"] * 1000) + "\n    return y * 2\n"
    assert similarity.normalize(source, "f") == ["return v1 * 2"]
    source = "def f(x):\n    y = " + " + ".join(["x"] * 20_000) + "\n    return y * 2\n"
    assert similarity.normalize(source, "f") is None  # too deep to parse: not compared


def _with_deep_zero_pad(root: Path, student: str, like: str, terms: int) -> None:
    """A copy of ``like``'s submission whose zero_pad holds a sum of ``terms`` zeros."""
    import nbformat

    folder = root / "submitted" / student / CONV
    shutil.copytree(root / "submitted" / like / CONV, folder)
    nb = nbformat.read(folder / CONV_NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if c.source.startswith("# GRADED FUNCTION: zero_pad"))
    deep = " + ".join(["0"] * terms)
    cell.source = (
        "# GRADED FUNCTION: zero_pad\n\ndef zero_pad(X, pad):\n"
        f"    zero = {deep}\n"
        "    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), constant_values=zero)\n"
    )
    nbformat.write(nb, folder / CONV_NOTEBOOK)


def test_similarity_still_finds_the_copy_beside_deep_expressions(tmp_path):
    from tests.grading.test_similarity import ALICE, BOB

    root = copy_course(tmp_path / "course")
    variants = tmp_path / "variants"
    variants.mkdir()
    (variants / "alice.py").write_text(ALICE)
    (variants / "bob.py").write_text(BOB)
    shutil.copy(CONV_VARIANTS / "reference.py", variants / "ref.py")
    samples.write_sample_class(root, CONV, variants)
    _with_deep_zero_pad(root, "deep", "ref", 1000)
    _with_deep_zero_pad(root, "deeper", "ref", 20_000)
    notes: list[str] = []
    students, reference = similarity.collect(root, CONV, notes)
    pairs = similarity.compare(students, reference)
    assert [(p.first, p.second) for p in similarity.suspicious(pairs)] == [("alice", "bob")]
    assert sorted(students) == ["alice", "bob", "deep", "deeper", "ref"]
    assert "constant_values" in " ".join(students["deep"]["zero_pad"].own)
    assert "zero_pad" not in students["deeper"]
    assert [n.split(":")[0] for n in notes] == ["deep", "deeper"]


def test_collect_skips_an_id_that_names_a_file_of_submitted(course, tmp_path):
    lms = tmp_path / "lms"
    lms.mkdir()
    (lms / "README.md.ipynb").write_text("{}")
    (lms / "s1_Convolution.ipynb").write_text("{}")
    outcome = collect(course, CONV, lms)
    assert outcome.placed == {"s1": "s1_Convolution.ipynb"}
    assert len(outcome.skipped) == 1 and outcome.skipped[0].startswith("README.md.ipynb: ")
    assert (course / "submitted" / "README.md").read_text() == "nbgrader's submitted folder\n"


def test_collect_skips_zip_entries_it_cannot_read(course, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("bad-crc_x.ipynb", (2026, 12, 1, 8, 0, 0)), "BROKEN" * 10)
        zf.writestr(zipfile.ZipInfo("no-date_x.ipynb", (2026, 0, 0, 0, 0, 0)), "{}")
        zf.writestr(zipfile.ZipInfo("s2_x.ipynb", (2026, 12, 1, 8, 0, 0)), "{}")
    data = archive.read_bytes().replace(b"BROKEN" * 10, b"BROKEn" * 10)
    archive.write_bytes(data)
    outcome = collect(course, CONV, archive)
    assert outcome.placed == {"s2": "s2_x.ipynb"}
    assert sorted(line.split(":")[0] for line in outcome.skipped) == [
        "bad-crc_x.ipynb", "no-date_x.ipynb",
    ]  # fmt: skip


def test_course_data_prints_paths_literally(capsys):
    from course import data as course_data

    from assignments import data

    where = Path("/tmp/[/]course[bold]/datasets/train.h5")
    course_data._print_results("course data verify", [data.FetchResult("train.h5", "ok", where)])
    assert str(where) in capsys.readouterr().out.replace("\n", "").replace("│", "").replace(" ", "")


# --- B2. feedback holds what the grader decides to show, never what hidden tests printed -----


def test_feedback_never_keeps_what_was_printed_while_hidden_tests_ran():
    """A ``pre_run_cell`` hook printed each test cell's source (hidden tests included) in the
    test cell, kept it, and printed it again in a later cell of the student's; or raised an
    exception whose class name (any string is one) or message was that source (red team,
    round 3: every hidden test of conv_step_by_step in the feedback for one point). No text
    of the grader's run reaches the feedback: a visible failure shows the student's own."""
    import nbformat
    from course.grading.feedback import HIDDEN_FAILED, RUN_ALL, VISIBLE_PASSED, sanitize
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    secret = "### BEGIN HIDDEN TESTS\n_rng = np.random.default_rng(303)"

    def cell(gid, source, outputs, grade=False):
        c = new_code_cell(source, outputs=outputs)
        c.metadata["nbgrader"] = {"grade_id": gid, "grade": grade, "solution": not grade}
        return c

    def printed(text):
        return new_output("stream", name="stdout", text=text)

    def error(message, name="CheckError"):
        return new_output("error", ename=name, evalue=message, traceback=[message])

    graded = new_notebook(cells=[
        cell("zero_pad", "def zero_pad(X, pad): ...", [printed(secret)]),
        cell("test_zero_pad", "visible\n" + secret, [printed(secret + VISIBLE_PASSED)], True),
        cell("test_conv", "visible\n" + secret, [printed(secret), error("Z is 1.0 " + secret)],
             True),
        cell("test_pool", "visible\n" + secret,
             [printed(VISIBLE_PASSED), error("hidden " + secret)], True),
        cell("test_mask", "visible\n" + secret, [error("x", name=secret)], True),
        cell("test_distribute", "visible", [error("y", name="A" * 61)], True),
        cell("later", "print(kept)", [printed(secret)]),
    ])  # fmt: skip
    release = new_notebook(cells=[
        cell(g, "visible", [], True)
        for g in ("test_zero_pad", "test_conv", "test_pool", "test_mask", "test_distribute")
    ])  # fmt: skip
    submitted = new_notebook(cells=[
        cell("zero_pad", "", [printed("mine\n")]),
        cell("test_conv", "visible", [error("Z has shape (2, 3), expected (3, 2).\nmore")], True),
        cell("test_distribute", "visible", [error("mine", name="B" * 61)], True),
    ])  # fmt: skip

    def shown(name, message):
        return [new_output("error", ename=name, evalue=message, traceback=[f"{name}: {message}"])]

    out = sanitize(graded, release, submitted)
    assert secret not in nbformat.writes(out) and "default_rng" not in nbformat.writes(out)
    assert [c.outputs for c in out.cells] == [
        [printed("mine\n")],  # what the student's own run printed
        [printed("Passed.\n")],
        shown("CheckError", "Z has shape (2, 3), expected (3, 2)."),  # the student's own run
        shown("HiddenTestsFailed", HIDDEN_FAILED),
        shown("TestFailed", RUN_ALL),  # the submission showed no failure there
        shown("Error", "mine"),  # a class name longer than an identifier may be
        [],  # a cell the submission does not have
    ]  # fmt: skip
    assert [c.source for c in out.cells[1:6]] == ["visible"] * 5


def test_symbolic_links_in_a_submission_folder_are_removed_before_grading(tmp_path):
    """Through the nbgrader exchange a student can write in their submission folder: links to
    the gradebook, the hidden cases or another student's notebook were copied as files (as
    root) into the sandbox and the feedback."""
    secret = tmp_path / "gradebook.db"
    secret.write_text("secret")
    (tmp_path / "source").mkdir()
    folder = tmp_path / "submitted/s/conv"
    folder.mkdir(parents=True)
    (folder / "nb.ipynb").write_text("{}")
    (folder / "gb.txt").symlink_to(secret)
    (folder / "src").symlink_to(tmp_path / "source", target_is_directory=True)
    assert remove_links(folder) == ["gb.txt", "src"]
    assert sorted(p.name for p in folder.iterdir()) == ["nb.ipynb"]
    assert secret.read_text() == "secret"


def test_feedback_rebuilds_the_not_implemented_message_only_for_its_own_functions():
    """The grader may show a message it writes itself: "<function> is not implemented yet" for
    a graded function of the notebook. A message that only looks like it keeps nothing of what
    the kernel printed."""
    from course.grading.feedback import RUN_ALL, sanitize
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from assignments.checks import NOT_IMPLEMENTED

    def cell(gid, source, outputs, grade):
        c = new_code_cell(source, outputs=outputs)
        c.metadata["nbgrader"] = {"grade_id": gid, "grade": grade, "solution": not grade}
        return c

    def error(message):
        return new_output("error", ename="CheckError", evalue=message, traceback=[message])

    stub = "# GRADED FUNCTION: zero_pad\ndef zero_pad(X, pad):\n    raise NotImplementedError()"
    forged = "secret_of_the_hidden_tests is not implemented yet: " + "x" * 200
    graded = new_notebook(cells=[
        cell("zero_pad", stub, [], False),
        cell("test_zero_pad", "t", [error(NOT_IMPLEMENTED.format(name="zero_pad") + "!")], True),
        cell("test_other", "t", [error(forged)], True),
    ])  # fmt: skip
    release = new_notebook(cells=[
        cell("zero_pad", stub, [], False),
        cell("test_zero_pad", "t", [], True),
        cell("test_other", "t", [], True),
    ])  # fmt: skip
    out = sanitize(graded, release, new_notebook(cells=[]))
    assert [c.outputs[0].get("evalue") for c in out.cells[1:]] == [
        NOT_IMPLEMENTED.format(name="zero_pad"),
        RUN_ALL,
    ]
