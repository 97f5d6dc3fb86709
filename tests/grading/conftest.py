"""Fixtures of the grading tests that replace the grader's slow parts: a course folder with
the committed release and no submission, nbgrader replaced by a fake, Dask by a client that
runs each task at once."""

from __future__ import annotations

import io
import shutil

import pytest
from course.commands import console
from course.grading import autograde, gradebook, runner
from course.grading.results import SubmissionResult

from tests.conftest import CONV, CONV_NOTEBOOK, CONV_RELEASE


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
    # _file, not file: undoing "file" would pin the console to the stdout of this moment, and
    # a later test's capsys would not see what the commands print
    monkeypatch.setattr(console, "_file", io.StringIO())
    return root


@pytest.fixture
def fake_grader(course, monkeypatch):
    """``course`` with nbgrader replaced: student "fine" is graded 1 point (of 1), "crashes"
    makes the grader raise "database is locked"; every other submission goes through the
    real checks before nbgrader."""
    real = autograde.grade_submission

    def grade(api, root, slug, student, release_nb):
        if student == "fine":
            return SubmissionResult(student, "graded", scores={"test_f": 1.0})
        if student == "crashes":
            raise RuntimeError("database is locked")
        return real(api, root, slug, student, release_nb)

    monkeypatch.setattr(autograde, "grade_submission", grade)
    monkeypatch.setattr(gradebook, "nbgrader_api", lambda root: object())
    monkeypatch.setattr(gradebook, "register_assignment", lambda root, slug, nb: False)
    monkeypatch.setattr(autograde, "_max_scores", lambda root, slug, nb: {"test_f": 1.0})
    return course


class _DoneFuture:
    def __init__(self, fn, *args):
        try:
            self.value, self.error = fn(*args), None
        except Exception as err:
            self.value, self.error = None, err

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


class _InlineClient:
    """A Dask client that runs each task at once, in this process."""

    def submit(self, fn, *args, pure=True):
        return _DoneFuture(fn, *args)

    def close(self):
        pass


@pytest.fixture
def inline_dask(monkeypatch):
    """The local-process executor's Dask cluster replaced by :class:`_InlineClient`."""
    import distributed

    monkeypatch.setattr(runner.LocalProcesses, "_client", lambda self: (_InlineClient(), None))
    monkeypatch.setattr(distributed, "as_completed", lambda futures: list(futures))


def submit(root, student: str, content: str | None) -> None:
    """A submission of conv_step_by_step: ``content`` as its notebook file, or a folder where
    the notebook should be (None)."""
    folder = root / "submitted" / student / CONV
    folder.mkdir(parents=True)
    if content is None:
        (folder / CONV_NOTEBOOK).mkdir()
    else:
        (folder / CONV_NOTEBOOK).write_text(content)
