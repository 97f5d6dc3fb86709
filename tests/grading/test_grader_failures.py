"""A run that could not grade because of the grader or the machine exits non-zero and says why
in its last line; a student's broken file is reported but is no failure of the run. nbgrader's
failures carry the real error, not "see the above traceback"."""

from __future__ import annotations

import shutil
from pathlib import Path

from course import cli, layout
from course.commands import console
from course.grading import autograde, build, gradebook, report, runner, samples
from course.grading.preprocessors.execute_in_sandbox import ExecuteInSandbox

from assignments import data
from tests.conftest import CONV, CONV_NOTEBOOK, CONV_VARIANTS, copy_course
from tests.grading.conftest import submit


def test_nbgrader_failure_carries_the_real_error_and_is_graded_again(tmp_path, monkeypatch):
    root = copy_course(tmp_path / "course")
    build.build(root, [CONV])
    variants = tmp_path / "variants"
    variants.mkdir()
    shutil.copy(CONV_VARIANTS / "reference.py", variants / "reference.py")
    samples.write_sample_class(root, CONV, variants)

    def disk_full(self, nb, resources):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ExecuteInSandbox, "preprocess", disk_full)
    [result] = runner.grade_class(root, CONV).submissions
    assert result.status == "not graded" and result.grader_failure
    assert result.problems == [
        f"nbgrader could not autograde {root}/submitted/reference/{CONV}/{CONV_NOTEBOOK}: "
        "OSError: [Errno 28] No space left on device"
    ]
    assert "No space left on device" in (root / "reports" / CONV / "autograde.log").read_text()
    release_nb = layout.release_notebook(root, CONV)
    assert autograde.recorded(root, CONV, "reference", release_nb) is None  # not resumed


def test_the_error_is_found_in_a_plain_python_traceback():
    log = (
        "[INFO] Converting\n[ERROR] Traceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n    raise KeyError("cells")\nKeyError: \'cells\'\n'
        "[ERROR] Please see the the above traceback for details"
    )
    outcome = {"success": False, "log": log, "error": "NbGraderException: Please see the above"}
    assert gradebook.nbgrader_error(outcome) == "KeyError: 'cells'"
    assert gradebook.nbgrader_error({"error": "x\nNbGraderException: db locked"}) == (
        "NbGraderException: db locked"
    )


def _submit(root: Path, *students: str) -> list[str]:
    for student in students:
        submit(root, student, "null" if student.startswith("broken") else "{}")
    return list(students)


def _last_line() -> str:
    return console.file.getvalue().strip().splitlines()[-1]


def test_a_grader_failure_makes_the_run_fail_and_says_so_last(fake_grader):
    _submit(fake_grader, "crashes", "fine", "broken")
    assert cli.main(["autograde", CONV]) == 1
    assert _last_line() == (
        f"1 of 3 submissions of {CONV} could not be graded because of the grader: "
        f"see reports/{CONV}/autograde.log"
    )
    assert (
        "crashes,conv_step_by_step,not graded"
        in (fake_grader / "reports" / CONV / "grades.csv").read_text()
    )
    log = (fake_grader / "reports" / CONV / "autograde.log").read_text()
    assert "RuntimeError: database is locked" in log and "Traceback" in log


def test_broken_files_of_students_are_no_failure_of_the_run(fake_grader):
    _submit(fake_grader, "fine", "broken")
    assert cli.main(["autograde", CONV]) == 0


def test_a_run_that_graded_nothing_fails(fake_grader):
    _submit(fake_grader, "broken-1", "broken-2")
    assert cli.main(["autograde", CONV]) == 1
    assert _last_line() == f"none of the 2 submissions of {CONV} could be graded: see above"


def test_the_parallel_run_fails_the_same_way(fake_grader, inline_dask):
    _submit(fake_grader, "crashes", "fine")
    assert cli.main(["autograde", CONV, "--jobs", "2"]) == 1
    assert _last_line() == (
        f"1 of 2 submissions of {CONV} could not be graded because of the grader: "
        f"see reports/{CONV}/workers/"
    )


def test_course_demo_fails_when_the_grader_failed(fake_grader, monkeypatch):
    monkeypatch.setattr(data, "fetch_all", lambda: [])
    monkeypatch.setattr(build, "build", lambda root: [CONV])
    monkeypatch.setattr(
        samples, "write_sample_class", lambda root, slug, folder: _submit(root, "crashes", "fine")
    )
    monkeypatch.setattr(
        report, "write_report", lambda root, result: (root / "r.md", root / "r.html")
    )
    assert cli.main(["demo"]) == 1
    assert _last_line() == (
        f"course demo failed: 1 of 2 submissions of {CONV} could not be graded because of the "
        f"grader: see reports/{CONV}/autograde.log"
    )
    assert (fake_grader / "reports" / "grades.csv").exists()


def test_autograde_on_a_fresh_clone_registers_the_assignment_first(tmp_path):
    """A fresh clone has the committed release but no gradebook (the exchange path runs no
    `course build`): nbgrader's autograde stopped with MissingEntry. Now the assignment is
    registered from source/ first, the release left as committed, and the class graded."""
    slug = "initialization"
    root = copy_course(tmp_path / "course")
    release = next((root / "release" / slug).glob("*.ipynb"))
    before = release.read_bytes()
    variants = tmp_path / "variants"
    variants.mkdir()
    for name in ("reference", "blank"):
        shutil.copy(samples.SAMPLE_CLASSES / slug / f"{name}.py", variants / f"{name}.py")
    students = samples.write_sample_class(root, slug, variants)
    assert not (root / "gradebook.db").exists()
    result = runner.grade_class(root, slug, students)
    assert {s.student: (s.status, s.total) for s in result.submissions} == {
        "reference": ("graded", 5.0),
        "blank": ("graded", 0.0),
    }
    assert release.read_bytes() == before
    assert gradebook.register_assignment(root, slug, release) is False  # known now


def test_a_trusted_verification_that_fails_leaves_no_unverified_score(tmp_path, monkeypatch):
    """A student who made trusted verification raise kept the kernel's (tampered) scores in
    the gradebook and the feedback. Now every cell is held at 0 until the next run, which
    grades the submission again and clears the hold."""
    from course.grading import trusted
    from nbgrader.api import Gradebook

    slug = "initialization"
    root = copy_course(tmp_path / "course")
    variants = tmp_path / "variants"
    variants.mkdir()
    shutil.copy(samples.SAMPLE_CLASSES / slug / "reference.py", variants / "reference.py")
    samples.write_sample_class(root, slug, variants)
    verify = trusted.verify

    def broken(*args, **kwargs):
        raise TypeError("unhashable type: 'list'")

    monkeypatch.setattr(trusted, "verify", broken)
    (first,) = runner.grade_class(root, slug).submissions
    assert (first.status, first.grader_failure) == ("not graded", True)
    assert "the kernel's scores are withheld" in first.problems[-1]
    with Gradebook(layout.gradebook_url(root)) as gb:
        assert gb.find_submission(slug, "reference").score == 0.0
    monkeypatch.setattr(trusted, "verify", verify)
    (second,) = runner.grade_class(root, slug).submissions
    assert (second.status, second.total) == ("graded", 5.0)
