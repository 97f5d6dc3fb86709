"""Autograde one submission with nbgrader's API, verify it and record it (the class runner,
course.grading.runner, decides which submissions and where).

Every submission is checked before nbgrader sees it (course.grading.submission): a file that
is not a valid notebook is reported and skipped; a notebook whose graded-function cells were
deleted is graded anyway (the deleted function's tests score 0) and the problem is reported;
nbgrader's API and gradebook are set up by course.grading.gradebook. A submission on which
nbgrader itself fails, or the grader raises, is reported with the error and marked as a grader
failure (``grader_failure``: the instructor's problem, not the student's; the next run grades it
again); the rest of the class is graded.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

import nbformat

from course.grading import cells
from course.grading.gradebook import (
    SubmissionGrades,
    nbgrader_error,
    one_line,
    submission_grades,
)
from course.grading.late import penalty
from course.grading.results import ClassResult, SubmissionResult, function_of
from course.grading.submission import check_submission, remove_links
from course.layout import gradebook_url, release_notebook, submitted_students


def comparable_outcome(result: ClassResult, root: Path) -> dict[str, tuple]:
    """Each student's status, scores, problems, tampering flags and trusted verdicts, with
    the course folder in the problems replaced by ROOT: equal for two gradings of the same
    class in two course copies exactly when they agree."""
    return {
        s.student: (
            s.status,
            s.scores,
            [p.replace(str(root), "ROOT") for p in s.problems],
            s.tampering,
            s.verified,
        )  # fmt: skip
        for s in result.submissions
    }


def _max_scores(root: Path, slug: str, notebook_id: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(gradebook_url(root)) as gb:
        nb = gb.find_notebook(notebook_id, slug)
        order = [cell.name for cell in nb.source_cells]
        cells = sorted(nb.grade_cells, key=lambda c: order.index(c.name))
        return {cell.name: float(cell.max_score) for cell in cells}


def _state_file(root: Path, slug: str, student: str) -> Path:
    return root / "reports" / slug / "state" / f"{student}.json"


def _sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _load_state(root: Path, slug: str, student: str, digest: str | None) -> SubmissionResult | None:
    """The result of an earlier run on exactly this submission, if it finished."""
    try:
        state = json.loads(_state_file(root, slug, student).read_text())
        if state.get("sha256") != digest:
            return None
        result = SubmissionResult(**state["result"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no state, or one this version cannot read: grade again
    if result.grader_failure:
        return None  # the grader failed on it: try again
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
    from course.grading.sandbox import ENV_ASSIGNMENT

    os.environ[ENV_ASSIGNMENT] = slug  # the student package as it stands for this assignment
    path = root / "submitted" / student / slug / release_nb.name
    links = remove_links(path.parent)
    gradable, problems = check_submission(path, release_nb)
    problems[:0] = [
        f"{name} in the submission folder is a symbolic link: it was removed, not graded"
        for name in links
    ]
    if not gradable:
        return SubmissionResult(student, "not graded", problems=problems)
    earlier_overrides = _recorded_overrides(root, slug, student)
    outcome = api.autograde(slug, student, force=True, create=True)
    if not outcome["success"]:
        # nbgrader keeps its log (and the traceback) in the outcome, not on stderr
        sys.stderr.write(
            f"nbgrader autograde {slug} --student {student} failed:\n"
            f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}\n"
        )
        problems.append(f"nbgrader could not autograde {path}: {nbgrader_error(outcome)}")
        return SubmissionResult(student, "not graded", problems=problems, grader_failure=True)
    problems += incidents(root / "autograded" / student / slug / release_nb.name)
    with submission_grades(root, slug, release_nb.stem, student) as grades:
        # nbgrader keeps manual scores across regrades: an earlier run's zero overrides would
        # hide what the kernel scored now (and so the tampering)
        grades.clear_zero_overrides(earlier_overrides)
        result = SubmissionResult(student, "graded", scores=grades.scores(), problems=problems)
        if (root / "source" / slug / "trusted_cases.py").exists():
            try:
                _apply_trusted(root, slug, release_nb, path, result, grades)
            except Exception as err:  # the kernel's scores are unverified: none may stay
                sys.stderr.write(
                    f"trusted verification of {student} failed:\n{traceback.format_exc()}"
                )
                # zeroed like trusted verification's overrides, undone by the next run
                grades.override(list(result.scores))
                return SubmissionResult(
                    student, "not graded", grader_failure=True, overridden=sorted(result.scores),
                    problems=[*problems, f"trusted verification failed ({one_line(err)}): the "
                              "kernel's scores are withheld (0 in the gradebook) until the next "
                              "course autograde grades it again"],
                )  # fmt: skip
        # nbgrader's AssignLatePenalties ran on the kernel's scores; trusted verification may
        # have lowered them since: the same policy on the final total, written back
        result.seconds_late = grades.seconds_late()
        result.penalty = penalty(result.total, result.seconds_late)
        grades.set_late_penalty(result.penalty)
    return result


def incidents(autograded_nb: Path) -> list[str]:
    """What went wrong while the notebook ran, one line per kind of incident: cells that
    crashed or hung the kernel, ran out of time, printed too much (as the grader recorded
    them in the notebook's metadata, where student code cannot write), or raised
    MemoryError (the sandbox's memory cap)."""
    from course.grading.preprocessors.execute_in_sandbox import INCIDENTS_KEY

    nb = nbformat.read(autograded_nb, as_version=4)
    where: list[str] = []
    previous = "the start"
    for cell in nb.cells:
        gid = cells.grade_id(cell)
        where.append(gid or f"a cell of the student's after {previous}")
        previous = gid or previous
    found: dict[str, list[str]] = {}
    restarted: set[str] = set()  # kinds after which the kernel was restarted
    recorded = nb.metadata.get(INCIDENTS_KEY, [])
    for incident in recorded if isinstance(recorded, list) else []:
        try:
            kind, index = str(incident["kind"]), int(incident["cell"])
        except (KeyError, TypeError, ValueError):
            continue
        found.setdefault(kind, []).append(where[index] if 0 <= index < len(where) else "?")
        if incident.get("restarted"):
            restarted.add(kind)
    for index, cell in enumerate(nb.cells):
        if any(o.get("ename") == "MemoryError" for o in cell.get("outputs", [])):
            found.setdefault("MemoryError: the sandbox's memory cap", []).append(where[index])
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


def _apply_trusted(
    root: Path,
    slug: str,
    release_nb: Path,
    path: Path,
    result: SubmissionResult,
    grades: SubmissionGrades,
) -> None:
    """Re-check every graded function outside the student's kernel and keep its points only
    when the trusted verdict agrees: a function that passed in the kernel but fails here is
    scored 0 in the gradebook (a manual-score override) and flagged as suspected tampering."""
    from course.grading import trusted

    verdict = trusted.verify(
        root / "source" / slug,
        root / "source" / slug / release_nb.name,
        path,
        sandbox=True,
    )
    result.verified = {name: check.passed for name, check in verdict.verdicts.items()}
    overrides = {}
    for grade_id, score in result.scores.items():
        function = function_of(grade_id)
        check = verdict.verdicts.get(function)
        if check is None or check.passed or score == 0:
            continue
        overrides[grade_id] = check.reason
        result.tampering.append(
            f"{function}: passed the notebook's tests but failed trusted verification "
            f"({check.reason}); scored 0 - suspected tampering"
        )
    if overrides:
        grades.override(list(overrides))
        result.overridden = sorted(overrides)
        result.scores = grades.scores()


def grader_failed(student: str, error: str, slug: str) -> SubmissionResult:
    """The result of a submission the grader failed on (not the student's file)."""
    return SubmissionResult(
        student,
        "not graded",
        problems=[
            f"the grader failed on this submission ({error}), so it was not graded: see the "
            f"log in reports/{slug}/; the next course autograde grades it again"
        ],
        grader_failure=True,
    )


def grade_student(api, root: Path, slug: str, student: str, release_nb: Path) -> SubmissionResult:
    """Grade and record one student's submission; never raises, so no submission stops the
    grading of the others (whatever the executor). An error of the grader is logged with its
    traceback (on stderr: the grading log) and reported as a grader failure of that
    submission."""
    try:
        return grade_and_record(api, root, slug, student, release_nb)
    except Exception as err:  # one submission's failure, never the class's
        sys.stderr.write(f"grading {slug} of {student} failed:\n{traceback.format_exc()}\n")
        return grader_failed(student, one_line(err), slug)


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
