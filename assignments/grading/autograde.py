"""Autograde a class with nbgrader's API, one submission at a time.

Every submission is checked before nbgrader sees it: a file that is not a valid notebook is
reported and skipped; a notebook whose graded-function cells were deleted is graded anyway
(the deleted function's tests score 0) and the problem is reported. A submission on which
nbgrader itself fails is reported with nbgrader's error; the rest of the class is graded.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from assignments.grading import cells
from assignments.grading.canonical import canonicalize, recognised_solutions


@dataclass
class SubmissionResult:
    """The outcome of one student's submission."""

    student: str
    status: str  # "graded" or "not graded"
    scores: dict[str, float] = field(default_factory=dict)  # grade_id -> points earned
    problems: list[str] = field(default_factory=list)
    tampering: list[str] = field(default_factory=list)  # one line per suspicious function
    seconds: float = 0.0  # time spent grading it
    seconds_late: float = 0.0  # after the due date, from nbgrader's timestamp (0: on time)
    penalty: float = 0.0  # late-submission penalty in points (assignments/grading/late.py)
    overridden: list[str] = field(default_factory=list)  # grade ids trusted verification zeroed

    @property
    def total(self) -> float:
        return sum(self.scores.values())

    @property
    def final(self) -> float:
        """The total after the late-submission penalty."""
        return max(self.total - self.penalty, 0.0)


@dataclass
class ClassResult:
    """The outcome of autograding one assignment for a class."""

    assignment: str
    notebook: str  # notebook name without .ipynb (nbgrader's notebook id)
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


def comparable_outcome(result: ClassResult, root: Path) -> dict[str, tuple]:
    """Each student's status, scores, problems and tampering flags, with the course folder
    in the problems replaced by ROOT: equal for two gradings of the same class in two
    course copies exactly when they agree."""
    return {
        s.student: (
            s.status,
            s.scores,
            [p.replace(str(root), "ROOT") for p in s.problems],
            s.tampering,
        )  # fmt: skip
        for s in result.submissions
    }


DB_URL_ENV = "COURSE_DB_URL"


def gradebook_url(root: Path) -> str:
    """The course's gradebook: ``$COURSE_DB_URL`` when set (PostgreSQL for a class graded by
    many workers at once: ``postgresql+psycopg2://user@host:5432/gradebook``), else the SQLite
    file ``gradebook.db`` of the course, whose writers wait up to 120 s for each other's
    transactions instead of failing at once."""
    return os.environ.get(DB_URL_ENV) or f"sqlite:///{root / 'gradebook.db'}?timeout=120"


def nbgrader_api(root: Path):  # -> nbgrader.apps.NbGraderAPI
    """nbgrader's API for the course at ``root``, configured by its nbgrader_config.py."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    _with_venv_on_path()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = gradebook_url(root)
    config.RestoreLayout.release_dir = str(root / "release")
    config.HideHiddenTests.release_dir = str(root / "release")
    # The sandboxed kernels hide this course's folders (source/, gradebook.db, ...).
    os.environ["COURSE_ROOT"] = str(root)
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
    if recognised_solutions(nb, release) == 0:
        return False, [
            f"{path} is not the notebook of {release_nb.parent.name}: none of its graded "
            f"functions is in it (another assignment's notebook?), so it was not graded. "
            f"Ask the student to submit {release_nb.name}."
        ]
    expected = [name for c in release.cells if (name := cells.graded_function_name(c))]
    present = {cells.graded_function_name(c) for c in nb.cells} | {
        name for c in nb.cells for name in expected if f"def {name}(" in c.source
    }
    problems = [
        f"{path}: the cell of graded function {name} (`# GRADED FUNCTION: {name}`) was deleted; "
        f"its tests score 0. To fix: copy that cell back from {release_nb.name} of the "
        "release, fill it in again and resubmit."
        for name in expected
        if name not in present
    ]
    _, repairs = canonicalize(nb, release)
    problems += [f"{path}: {repair}" for repair in repairs if "solution cell" not in repair]
    return True, problems


def _scores(root: Path, slug: str, notebook_id: str, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root)) as gb:
        nb = gb.find_submission_notebook(notebook_id, slug, student)
        return {grade.name: float(grade.score) for grade in nb.grades}


def _max_scores(root: Path, slug: str, notebook_id: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root)) as gb:
        nb = gb.find_notebook(notebook_id, slug)
        order = [cell.name for cell in nb.source_cells]
        cells = sorted(nb.grade_cells, key=lambda c: order.index(c.name))
        return {cell.name: float(cell.max_score) for cell in cells}


def submitted_students(root: Path, slug: str) -> list[str]:
    """Students who have a folder for ``slug`` under submitted/."""
    return sorted(p.parent.name for p in (root / "submitted").glob(f"*/{slug}") if p.is_dir())


def autograde_class(
    root: Path, slug: str, students: list[str] | None = None, resume: bool = True
) -> ClassResult:
    """Autograde every submission of ``slug`` and collect the per-cell scores.

    The release must exist (and be registered in the gradebook: `generate_release`).
    Each finished submission is recorded in ``reports/<slug>/state/``; with ``resume`` a
    submission already graded in an earlier (possibly killed) run, and unchanged since, is
    not graded again. nbgrader's log goes to ``reports/<slug>/autograde.log``.
    """
    with stderr_to(root / "reports" / slug / "autograde.log"):
        return _autograde_class(root, slug, students, resume)


def _state_file(root: Path, slug: str, student: str) -> Path:
    return root / "reports" / slug / "state" / f"{student}.json"


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def _load_state(root: Path, slug: str, student: str, digest: str | None) -> SubmissionResult | None:
    """The result of an earlier run on exactly this submission, if it finished."""
    try:
        state = json.loads(_state_file(root, slug, student).read_text())
    except (OSError, ValueError):
        return None
    if state.get("sha256") != digest:
        return None
    result = SubmissionResult(**state["result"])
    if result.status == "graded" and not (root / "autograded" / student / slug).is_dir():
        return None  # the gradebook side was cleaned since: grade again
    return result


def _save_state(root: Path, slug: str, result: SubmissionResult, digest: str | None) -> None:
    """Record a finished submission atomically (a killed run leaves no half-written state)."""
    path = _state_file(root, slug, result.student)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"sha256": digest, "result": asdict(result)}, indent=1))
    os.replace(tmp, path)


def grade_submission(
    api, root: Path, slug: str, student: str, release_nb: Path
) -> SubmissionResult:
    """Check, autograde and verify one student's submission."""
    path = root / "submitted" / student / slug / release_nb.name
    gradable, problems = check_submission(path, release_nb)
    if not gradable:
        return SubmissionResult(student, "not graded", problems=problems)
    earlier_overrides = _recorded_overrides(root, slug, student)
    outcome = api.autograde(slug, student, force=True, create=True)
    if outcome["success"] and earlier_overrides:
        _clear_overrides(root, slug, release_nb.stem, student, earlier_overrides)
    if not outcome["success"]:
        error = (outcome.get("error") or "").strip().splitlines()
        problems.append(
            f"nbgrader could not autograde {path}: {error[-1] if error else 'no message'}"
        )
        return SubmissionResult(student, "not graded", problems=problems)
    scores = _scores(root, slug, release_nb.stem, student)
    problems += incidents(root / "autograded" / student / slug / release_nb.name)
    result = SubmissionResult(student, "graded", scores=scores, problems=problems)
    if (root / "source" / slug / "trusted_cases.py").exists():
        _apply_trusted(root, slug, release_nb, path, result)
    _apply_late_penalty(root, slug, release_nb.stem, result)
    return result


def _apply_late_penalty(root: Path, slug: str, notebook_id: str, result: SubmissionResult) -> None:
    """Read the delay nbgrader recorded and set the penalty on the final scores.

    nbgrader's AssignLatePenalties ran on the kernel's scores; trusted verification may have
    lowered them since, so the penalty is computed again on the final total (same policy) and
    written back, keeping the gradebook and the course's exports in agreement.
    """
    from nbgrader.api import Gradebook

    from assignments.grading.late import penalty

    with Gradebook(gradebook_url(root)) as gb:
        submission = gb.find_submission(slug, result.student)
        result.seconds_late = float(submission.total_seconds_late or 0.0)
        result.penalty = penalty(result.total, result.seconds_late)
        notebook = gb.find_submission_notebook(notebook_id, slug, result.student)
        notebook.late_submission_penalty = result.penalty or None
        gb.db.commit()


def set_due_date(root: Path, slug: str, when: str) -> str:
    """Record the due date of ``slug`` in the gradebook (nbgrader parses ``when``: ISO 8601
    or ``2026-12-01 23:59:00 UTC``); return it as nbgrader stores it (UTC)."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import parse_utc

    duedate = parse_utc(when)
    with Gradebook(gradebook_url(root)) as gb:
        gb.update_or_create_assignment(slug, duedate=duedate)
    return duedate.strftime("%Y-%m-%d %H:%M:%S UTC")


def incidents(autograded_nb: Path) -> list[str]:
    """What went wrong while the notebook ran, one line per kind of incident: cells that
    crashed or hung the kernel, hit the memory cap, or printed too much."""
    found: dict[str, list[str]] = {}
    restarted: set[str] = set()  # kinds after which the kernel was restarted
    previous = "the start"
    for cell in nbformat.read(autograded_nb, as_version=4).cells:
        gid = cells.grade_id(cell)
        where = gid or f"a cell of the student's after {previous}"
        for output in cell.get("outputs", []):
            ename, evalue = output.get("ename"), output.get("evalue", "")
            if ename in ("KernelStopped", "NotebookTimeout"):
                kind = evalue[evalue.find("(") + 1 : evalue.find(")")] if "(" in evalue else evalue
                if ename == "KernelStopped":
                    restarted.add(kind)
            elif ename == "MemoryError":
                kind = "MemoryError: the sandbox's memory cap"
            elif "[output truncated:" in output.get("text", ""):
                kind = "printed too much, output cut"
            else:
                continue
            found.setdefault(kind, []).append(where)
        previous = gid or previous
    return [
        f"{kind} in {', '.join(dict.fromkeys(cells))}"
        + ("; the kernel was restarted for the next cells" if kind in restarted else "")
        for kind, cells in found.items()
    ]


def _recorded_overrides(root: Path, slug: str, student: str) -> list[str]:
    """Grade cells that trusted verification zeroed when this student was last graded."""
    try:
        state = json.loads(_state_file(root, slug, student).read_text())
        return list(state["result"].get("overridden", []))
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _clear_overrides(
    root: Path, slug: str, notebook_id: str, student: str, grade_ids: list[str]
) -> None:
    """Undo an earlier run's zero overrides before this run's scores are read: nbgrader keeps
    manual scores across regrades, which would hide what the kernel scored now (and so the
    tampering). A score an instructor has changed since (not 0 any more) is left alone."""
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root)) as gb:
        for grade_id in grade_ids:
            grade = gb.find_grade(grade_id, notebook_id, slug, student)
            if grade.manual_score == 0.0:
                grade.manual_score = None
        gb.db.commit()


def _apply_trusted(
    root: Path, slug: str, release_nb: Path, path: Path, result: SubmissionResult
) -> None:
    """Re-check every graded function outside the student's kernel and keep its points only
    when the trusted verdict agrees: a function that passed in the kernel but fails here is
    scored 0 in the gradebook (a manual-score override) and flagged as suspected tampering."""
    from nbgrader.api import Gradebook

    from assignments.grading import trusted

    verdict = trusted.verify(
        root / "source" / slug,
        root / "source" / slug / release_nb.name,
        path,
        sandbox=True,
    )
    overrides = {}
    for grade_id, score in result.scores.items():
        function = grade_id.removeprefix("test_")
        check = verdict.verdicts.get(function)
        if check is None or check.passed or score == 0:
            continue
        overrides[grade_id] = check.reason
        result.tampering.append(
            f"{function}: passed the notebook's tests but failed trusted verification "
            f"({check.reason}); scored 0 - suspected tampering"
        )
    if not overrides:
        return
    with Gradebook(gradebook_url(root)) as gb:
        for grade_id in overrides:
            grade = gb.find_grade(grade_id, release_nb.stem, slug, result.student)
            grade.manual_score = 0.0
        gb.db.commit()
    result.overridden = sorted(overrides)
    result.scores = _scores(root, slug, release_nb.stem, result.student)


def _autograde_class(
    root: Path, slug: str, students: list[str] | None, resume: bool = True
) -> ClassResult:
    release_nb = release_notebook(root, slug)
    api = nbgrader_api(root)
    results = []
    for student in students if students is not None else submitted_students(root, slug):
        result = recorded(root, slug, student, release_nb) if resume else None
        if result is None:
            result = grade_and_record(api, root, slug, student, release_nb)
        results.append(result)
    return class_result(root, slug, release_nb, results)


def _submission_digest(root: Path, slug: str, student: str, release_nb: Path) -> str | None:
    return _sha256(root / "submitted" / student / slug / release_nb.name)


def recorded(root: Path, slug: str, student: str, release_nb: Path) -> SubmissionResult | None:
    """The saved result of exactly this submission, if an earlier run finished grading it."""
    return _load_state(root, slug, student, _submission_digest(root, slug, student, release_nb))


def grade_and_record(
    api, root: Path, slug: str, student: str, release_nb: Path
) -> SubmissionResult:
    """Grade one submission, time it and record it: the unit of a resumable run, sequential
    or parallel."""
    digest = _submission_digest(root, slug, student, release_nb)
    started = time.monotonic()
    result = grade_submission(api, root, slug, student, release_nb)
    result.seconds = round(time.monotonic() - started, 1)
    _save_state(root, slug, result, digest)
    return result


def class_result(
    root: Path, slug: str, release_nb: Path, results: list[SubmissionResult]
) -> ClassResult:
    """The class's results with the assignment's maximum points from the gradebook."""
    return ClassResult(slug, release_nb.stem, _max_scores(root, slug, release_nb.stem), results)


def recorded_results(root: Path, slug: str) -> ClassResult | None:
    """The class as graded so far, from the saved results; nothing is graded. A submission
    not graded yet, or changed since it was graded, has the status "not graded yet".
    None when no submission of ``slug`` was ever graded."""
    release_nb = release_notebook(root, slug)
    results = [
        recorded(root, slug, student, release_nb) or SubmissionResult(student, "not graded yet")
        for student in submitted_students(root, slug)
    ]
    if not any(r.status != "not graded yet" for r in results):
        return None
    return class_result(root, slug, release_nb, results)


def generate_feedback(root: Path, slug: str, students: list[str]) -> dict[str, str]:
    """Write feedback/<student>/<slug>/*.html for graded students; return errors by student."""
    api = nbgrader_api(root)
    errors = {}
    with stderr_to(root / "reports" / slug / "feedback.log"):
        for student in students:
            outcome = api.generate_feedback(slug, student, force=True)
            if not outcome["success"]:
                errors[student] = (outcome.get("error") or "").strip().splitlines()[-1:]
    return {student: " ".join(lines) for student, lines in errors.items()}
