"""Autograde a class with nbgrader's API, one submission at a time.

Every submission is checked before nbgrader sees it: a file that is not a valid notebook is
reported and skipped; a notebook whose graded-function cells were deleted is graded anyway
(the deleted function's tests score 0) and the problem is reported. A submission on which
nbgrader itself fails is reported with nbgrader's error; the rest of the class is graded.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from assignments.grading.samples import graded_function_name


@dataclass
class SubmissionResult:
    """The outcome of one student's submission."""

    student: str
    status: str  # "graded" or "not graded"
    scores: dict[str, float] = field(default_factory=dict)  # grade_id -> points earned
    problems: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.scores.values())


@dataclass
class ClassResult:
    """The outcome of autograding one assignment for a class."""

    assignment: str
    notebook: str
    max_scores: dict[str, float]  # grade_id -> points, in notebook order
    submissions: list[SubmissionResult]

    @property
    def max_total(self) -> float:
        return sum(self.max_scores.values())


def _with_venv_on_path() -> None:
    """nbgrader runs `alembic` as a program: make the running venv's scripts findable."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


@contextmanager
def stderr_to(path: Path) -> Iterator[None]:
    """Send everything written to file descriptor 2 (nbgrader's log, the kernels' warnings)
    to ``path`` instead of the terminal, so that a class run prints only its report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with path.open("a", encoding="utf-8") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def nbgrader_api(root: Path):  # -> nbgrader.apps.NbGraderAPI
    """nbgrader's API for the course at ``root``, configured by its nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    _with_venv_on_path()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def release_notebook(root: Path, slug: str) -> Path:
    """The one notebook of an assignment's release folder."""
    notebooks = sorted((root / "release" / slug).glob("*.ipynb"))
    if len(notebooks) != 1:
        raise FileNotFoundError(
            f"release/{slug} should hold exactly one notebook, found {len(notebooks)}: "
            f"run `course build {slug}` to generate it."
        )
    return notebooks[0]


def generate_release(root: Path, slug: str) -> None:
    """Run nbgrader generate_assignment for ``slug``; raise with nbgrader's log on failure."""
    with stderr_to(root / "reports" / "build.log"):
        result = nbgrader_api(root).generate_assignment(slug, force=True, create=True)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {slug} failed:\n{result['error']}")


def check_submission(path: Path, release_nb: Path) -> tuple[bool, list[str]]:
    """Whether a submitted notebook can be graded, and what is wrong with it.

    Returns ``(gradable, problems)``. Invalid JSON or an invalid notebook is not gradable;
    deleted graded-function cells are a problem but the rest is still graded.
    """
    if not path.exists():
        return False, [
            f"{path} is missing: the submission folder has no {release_nb.name}. "
            "Ask the student to submit the notebook under its original name."
        ]
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except (json.JSONDecodeError, UnicodeDecodeError, nbformat.reader.NotJSONError) as err:
        return False, [
            f"{path} is not valid JSON ({str(err)[:80]}), so it was not graded. "
            "The file was probably damaged by an editor or a partial upload: ask the student "
            "to download the notebook again from JupyterLab (File > Download) and resubmit."
        ]
    except (nbformat.ValidationError, KeyError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        return False, [
            f"{path} is not a valid Jupyter notebook ({first_line}), so it was not graded: "
            "ask the student to resubmit the notebook saved by JupyterLab."
        ]
    release = nbformat.read(release_nb, as_version=4)
    expected = [name for c in release.cells if (name := graded_function_name(c))]
    present = {graded_function_name(c) for c in nb.cells}
    problems = [
        f"{path}: the cell of graded function {name} (`# GRADED FUNCTION: {name}`) was deleted "
        f"or its first line changed; its tests score 0. To fix: copy that cell back from "
        f"{release_nb.name} of the release, fill it in again and resubmit."
        for name in expected
        if name not in present
    ]
    return True, problems


def _scores(root: Path, slug: str, notebook_id: str, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(notebook_id, slug, student)
        return {grade.name: float(grade.score) for grade in nb.grades}


def _max_scores(root: Path, slug: str, notebook_id: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_notebook(notebook_id, slug)
        order = [cell.name for cell in nb.source_cells]
        cells = sorted(nb.grade_cells, key=lambda c: order.index(c.name))
        return {cell.name: float(cell.max_score) for cell in cells}


def submitted_students(root: Path, slug: str) -> list[str]:
    """Students who have a folder for ``slug`` under submitted/."""
    return sorted(p.parent.name for p in (root / "submitted").glob(f"*/{slug}") if p.is_dir())


def autograde_class(root: Path, slug: str, students: list[str] | None = None) -> ClassResult:
    """Autograde every submission of ``slug`` and collect the per-cell scores.

    The release must exist (and be registered in the gradebook: `generate_release`).
    nbgrader's log goes to ``reports/<slug>/autograde.log``.
    """
    with stderr_to(root / "reports" / slug / "autograde.log"):
        return _autograde_class(root, slug, students)


def _autograde_class(root: Path, slug: str, students: list[str] | None) -> ClassResult:
    release_nb = release_notebook(root, slug)
    notebook_id = release_nb.stem
    api = nbgrader_api(root)
    results = []
    for student in students if students is not None else submitted_students(root, slug):
        path = root / "submitted" / student / slug / release_nb.name
        gradable, problems = check_submission(path, release_nb)
        if not gradable:
            results.append(SubmissionResult(student, "not graded", problems=problems))
            continue
        outcome = api.autograde(slug, student, force=True, create=True)
        if not outcome["success"]:
            error = (outcome.get("error") or "").strip().splitlines()
            problems.append(
                f"nbgrader could not autograde {path}: {error[-1] if error else 'no message'}"
            )
            results.append(SubmissionResult(student, "not graded", problems=problems))
            continue
        results.append(
            SubmissionResult(
                student,
                "graded",
                scores=_scores(root, slug, notebook_id, student),
                problems=problems,
            )
        )
    return ClassResult(slug, notebook_id, _max_scores(root, slug, notebook_id), results)
