"""nbgrader's API and gradebook as the course drives them: the API configured by the
course's nbgrader_config.py, the release's registration, one session per submission's grades,
nbgrader's log kept off the terminal, and errors told on one line."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from course.layout import gradebook_url


@functools.cache
def alembic_head() -> str:
    """The newest revision of nbgrader's gradebook schema (what a new gradebook.db records),
    read from nbgrader's migration scripts in this process."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    head = ScriptDirectory.from_config(config).get_current_head()
    if not head:
        raise RuntimeError(f"nbgrader's schema migrations in {ALEMBIC_DIR} have no head")
    return head


def _alembic_head_in_process() -> None:
    """nbgrader asks a new ``alembic heads`` process for the head each time it creates a
    gradebook; that process imports all of nbgrader, 2 s of CPU for every new course copy,
    `course check` of an assignment or first build. The same answer comes from the same
    scripts here in a millisecond (tests/grading/test_gradebook.py compares the two)."""
    import nbgrader.api

    nbgrader.api.get_alembic_version = alembic_head


def _with_venv_on_path() -> None:
    """nbgrader runs `alembic` as a program: make the running venv's scripts findable."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


@contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Send everything written to file descriptor 2 (nbgrader's log, the kernels' warnings)
    to ``path`` instead of the terminal, so that a class run prints only its report; and what
    Python writes to ``sys.stderr`` (the grader's own tracebacks), even where ``sys.stderr`` is
    not file descriptor 2 (pytest, a Jupyter kernel)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved, saved_stream = os.dup(2), sys.stderr
    with path.open("a", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        sys.stderr = log
        try:
            yield
        finally:
            log.flush()
            sys.stderr = saved_stream
            os.dup2(saved, 2)
            os.close(saved)


def nbgrader_api(root: Path):  # -> nbgrader.apps.NbGraderAPI
    """nbgrader's API for the course at ``root``, configured by its nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    _with_venv_on_path()
    _alembic_head_in_process()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = gradebook_url(root)
    config.RestoreLayout.release_dir = str(root / "release")
    config.HideHiddenTests.release_dir = str(root / "release")
    config.HideHiddenTests.submitted_dir = str(root / "submitted")
    # The sandboxed kernels hide this course's folders (source/, gradebook.db, ...).
    os.environ["COURSE_ROOT"] = str(root)
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def generate_release(root: Path, slug: str) -> None:
    """Run nbgrader generate_assignment for ``slug``; raise with nbgrader's log on failure."""
    with stderr_to(root / "reports" / "build.log"):
        result = nbgrader_api(root).generate_assignment(slug, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {slug} failed:\n{result['error']}")


def one_line(err: BaseException, limit: int = 200) -> str:
    """``Type: message`` of an exception on one line, at most ``limit`` characters."""
    text = " ".join(str(err).split()) or "no message"
    text = f"{type(err).__name__}: {text}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def nbgrader_error(outcome: dict) -> str:
    """The error that made an nbgrader command fail, on one line.

    nbgrader's own exception only says "Please see the above traceback"; the traceback is in
    the log it captured (``outcome["log"]``), its lines indented. The error is the text after
    the last ``File "..."`` frame of the last traceback, at a lower indentation than the frames.
    """
    lines = (outcome.get("log") or "").splitlines()
    starts = [
        i for i, line in enumerate(lines) if line.endswith("Traceback (most recent call last):")
    ]
    if starts:
        block = []
        for line in lines[starts[-1] + 1 :]:
            if line.startswith("["):  # the next log record
                break
            block.append(line)
        frames = [i for i, line in enumerate(block) if line.lstrip().startswith('File "')]
        if frames:
            indent = len(block[frames[-1]]) - len(block[frames[-1]].lstrip())
            found = [
                line.strip()
                for line in block[frames[-1] + 1 :]
                if line.strip() and len(line) - len(line.lstrip()) < indent
            ]
            if found:
                text = " ".join(found)
                return text if len(text) <= 300 else text[:297] + "..."
    error = (outcome.get("error") or "").strip().splitlines()
    return error[-1] if error else "no message"


def register_assignment(root: Path, slug: str, release_nb: Path) -> bool:
    """Make sure the gradebook knows ``slug``, its notebook and its grade cells (with their
    hidden tests): on a fresh clone, or a course whose release came by the exchange, only
    `course build` had put them there and nbgrader's autograde stopped with ``MissingEntry``.
    Runs nbgrader generate_assignment when they are missing (the release it writes is the
    one already there, which CI keeps in sync with source/); returns whether it did."""
    from nbgrader.api import Gradebook, MissingEntry

    _with_venv_on_path()  # a new gradebook is created by nbgrader's alembic command
    with Gradebook(gradebook_url(root)) as gb:
        try:
            gb.find_notebook(release_nb.stem, slug)
            return False
        except MissingEntry:
            pass
    generate_release(root, slug)
    return True


class SubmissionGrades:
    """One submission's grades in the gradebook, read and written through one nbgrader
    Gradebook session (:func:`submission_grades`). Each method ends its transaction, so the
    session holds no lock on the gradebook between calls (while trusted verification runs)."""

    def __init__(self, gb, slug: str, notebook_id: str, student: str) -> None:
        self._gb, self._slug, self._notebook, self._student = gb, slug, notebook_id, student

    def _grade(self, grade_id: str):
        return self._gb.find_grade(grade_id, self._notebook, self._slug, self._student)

    def scores(self) -> dict[str, float]:
        """Each grade cell's score (a manual score over the kernel's, as nbgrader counts)."""
        nb = self._gb.find_submission_notebook(self._notebook, self._slug, self._student)
        scores = {grade.name: float(grade.score) for grade in nb.grades}
        self._gb.db.commit()
        return scores

    def override(self, grade_ids: list[str], score: float = 0.0) -> None:
        """Set a manual score on these grade cells."""
        for grade_id in grade_ids:
            self._grade(grade_id).manual_score = score
        self._gb.db.commit()

    def clear_zero_overrides(self, grade_ids: list[str]) -> None:
        """Undo zero manual scores on these grade cells; a score an instructor has set since
        (not 0 any more) is left alone."""
        for grade_id in grade_ids:
            grade = self._grade(grade_id)
            if grade.manual_score == 0.0:
                grade.manual_score = None
        self._gb.db.commit()

    def seconds_late(self) -> float:
        """How late nbgrader found the submission, in seconds."""
        submission = self._gb.find_submission(self._slug, self._student)
        seconds = float(submission.total_seconds_late or 0.0)
        self._gb.db.commit()
        return seconds

    def set_late_penalty(self, penalty: float) -> None:
        nb = self._gb.find_submission_notebook(self._notebook, self._slug, self._student)
        nb.late_submission_penalty = penalty or None
        self._gb.db.commit()


@contextmanager
def submission_grades(
    root: Path, slug: str, notebook_id: str, student: str
) -> Iterator[SubmissionGrades]:
    """The course gradebook's session for one submission's grades."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root)) as gb:
        yield SubmissionGrades(gb, slug, notebook_id, student)
