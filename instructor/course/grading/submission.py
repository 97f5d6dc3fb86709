"""The checks of a submitted notebook before nbgrader sees it.

A file that is not a valid notebook is reported and not graded (every byte of it is the
student's: nothing here raises on it); a notebook whose graded-function cells were deleted is
graded anyway and the problem reported; symbolic links in a submission folder are removed.
"""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path

import nbformat

from course.grading import cells
from course.grading.canonical import canonicalize, recognised_solutions
from course.grading.gradebook import one_line

_RESUBMIT = "ask the student to resubmit the notebook saved by JupyterLab."


def _read_submission(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    """The submitted notebook, validated, or None and the one-line problem.

    Every byte of the file is the student's: whatever it holds, this returns and never raises
    (nbformat itself raises AttributeError, AssertionError, TypeError... on JSON that is not a
    notebook object).
    """
    if not path.is_file():
        return None, (
            f"{path} is not a file (a folder?), so it was not graded: ask the student to "
            f"submit the notebook file {path.name}."
        )
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return None, (
            f"{path} is not valid JSON ({str(err)[:80]}), so it was not graded. "
            "The file was probably damaged by an editor or a partial upload: ask the student "
            "to download the notebook again from JupyterLab (File > Download) and resubmit."
        )
    except RecursionError:
        return None, (
            f"{path} is not a Jupyter notebook (JSON nested too deeply), so it was not graded: "
            f"{_RESUBMIT}"
        )
    if not isinstance(data, dict):
        kinds = {list: "a list", str: "a string", bool: "true or false", type(None): "null"}
        kind = kinds.get(type(data), "a number")
        return None, (
            f"{path} is not a Jupyter notebook (the file holds {kind}, not a notebook object), "
            f"so it was not graded: {_RESUBMIT}"
        )
    version = data.get("nbformat")
    if type(version) is not int:
        what = f"{str(version)[:20]!r} is not a format version" if "nbformat" in data else "none"
        return None, (
            f"{path} is not a Jupyter notebook (nbformat: {what}), so it was not graded: "
            f"{_RESUBMIT}"
        )
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # any way the student's JSON is not a notebook
        message = str(err).strip().splitlines()[0][:120] if str(err).strip() else ""
        reason = message if isinstance(err, nbformat.ValidationError | KeyError) else None
        return None, (
            f"{path} is not a valid Jupyter notebook ({reason or one_line(err, 120)}), so it "
            f"was not graded: {_RESUBMIT}"
        )
    return nb, ""


def check_submission(path: Path, release_nb: Path) -> tuple[bool, list[str]]:
    """Whether a submitted notebook can be graded, and what is wrong with it.

    Returns ``(gradable, problems)``. A file that is not valid JSON, or valid JSON that is not
    a valid notebook, is not gradable (one line says why); deleted graded-function cells are a
    problem but the rest is still graded. Raises only when the release cannot be read.
    """
    if not path.exists():
        return False, [
            f"{path} is missing: the submission folder has no {release_nb.name}. "
            "Ask the student to submit the notebook under its original name."
        ]
    nb, problem = _read_submission(path)
    if nb is None:
        return False, [problem]
    release = nbformat.read(release_nb, as_version=4)
    try:
        return _check_against_release(path, nb, release_nb, release)
    except Exception as err:  # a valid notebook with content we cannot match
        # The student's file is the cause (nbgrader's own pass would fail on it too); the
        # traceback goes to the grading log in case the grader is wrong.
        traceback.print_exc()
        return False, [
            f"{path} could not be matched with the release's notebook ({one_line(err, 120)}), "
            f"so it was not graded: {_RESUBMIT}"
        ]


def _check_against_release(
    path: Path, nb: nbformat.NotebookNode, release_nb: Path, release: nbformat.NotebookNode
) -> tuple[bool, list[str]]:
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


def remove_links(folder: Path) -> list[str]:
    """Remove every symbolic link in a submission folder (the nbgrader exchange lets a student
    write there): nbgrader and the sandbox copy the folder as root following links, which
    handed the student the gradebook, the hidden cases and other students' notebooks."""
    removed = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            entry = Path(dirpath) / name
            if entry.is_symlink():
                entry.unlink()
                removed.append(str(entry.relative_to(folder)))
    return sorted(removed)
