"""course check: what an assignment lacks, for all seven and for a broken copy."""

from __future__ import annotations

import io
import shutil

import nbformat
import pytest
from course import check, cli, schedule
from course.commands import console
from course.grading import samples

from tests.conftest import CONV, CONV_SOURCE, REPO, copy_course


def test_every_assignment_of_the_course_is_complete(monkeypatch):
    monkeypatch.setenv("COURSE_ROOT", str(REPO))
    printed = io.StringIO()
    monkeypatch.setattr(console, "_file", printed)  # _file: see test_grader_failures
    assert cli.main(["check"]) == 0
    assert printed.getvalue().split("\n")[:-1] == [
        f"{slug}: complete" for slug in schedule.COURSE_ORDER
    ]


def test_a_broken_assignment_is_told_what_it_lacks(tmp_path, monkeypatch):
    root = copy_course(tmp_path / "course")
    # the test cell of zero_pad loses its hidden tests and its trusted cases
    source = root / "source" / CONV / CONV_SOURCE.name
    nb = nbformat.read(source, as_version=4)
    (test,) = [
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_zero_pad"
    ]
    start, end = (
        test.source.index("### BEGIN HIDDEN TESTS"),
        test.source.index("### END HIDDEN TESTS"),
    )
    test.source = test.source[:start] + test.source[end + len("### END HIDDEN TESTS") :]
    # ... and the markdown of the source changes after the release was built: stale release
    nb.cells[0].source += "\n\nOne more sentence."
    nbformat.write(nb, source)
    cases = root / "source" / CONV / "trusted_cases.py"
    cases.write_text(
        cases.read_text()
        + "\n_all = cases\ncases = lambda: {k: v for k, v in _all().items() if k != 'zero_pad'}\n"
    )
    # the sample class loses its blank student and the only planted bug of distribute_value
    folder = tmp_path / "samples"
    shutil.copytree(samples.SAMPLE_CLASSES, folder)
    monkeypatch.setattr(samples, "SAMPLE_CLASSES", folder)
    (folder / CONV / "blank.py").unlink()
    (folder / CONV / "fault_segfault.py").unlink()
    (folder / CONV / "attack_leak_hidden_tests.py").unlink()
    assert check.check(root, CONV) == [
        f"{CONV}: the test cell of zero_pad has no hidden tests (### BEGIN HIDDEN TESTS)",
        f"{CONV}: trusted_cases.py has no case for graded function zero_pad",
        f"{CONV}: expected score of attack-leak-hidden-tests, who has no variant file",
        f"{CONV}: expected score of blank, who has no variant file",
        f"{CONV}: expected score of fault-segfault, who has no variant file",
        f"{CONV}: no sample student with a planted bug that loses only distribute_value",
        f"{CONV}: release/{CONV}/{CONV_SOURCE.name} is stale: run `course build {CONV}`",
    ]
    assert check.check(root, "conv") == [
        "conv: not in the course order (course/schedule.py COURSE_ORDER)"
    ]


@pytest.mark.parametrize("slug", ["dnn_step_by_step"])
def test_check_needs_only_the_course_folder(slug):
    assert check.check(REPO, slug) == []
