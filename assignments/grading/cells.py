"""What the grading code reads off a notebook cell: its nbgrader metadata and its function."""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode


def nbgrader_meta(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata ({} for an ordinary cell)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def grade_id(cell: NotebookNode) -> str | None:
    return nbgrader_meta(cell).get("grade_id")


def is_solution(cell: NotebookNode) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def graded_function_name(cell: NotebookNode) -> str | None:
    """``name`` of a cell whose first line is ``# GRADED FUNCTION: name``."""
    first = cell.source.lstrip().split("\n", 1)[0]
    prefix = "# GRADED FUNCTION:"
    return first[len(prefix) :].strip() if first.startswith(prefix) else None


def release_notebook_of(resources: dict, release_dir: str) -> Path:
    """The release notebook matching the notebook an nbgrader preprocessor is working on."""
    info = resources["nbgrader"]
    return Path(release_dir) / info["assignment"] / f"{info['notebook']}.ipynb"


def cell_source(notebook: Path, wanted: str) -> str:
    """The source of the cell whose nbgrader ``grade_id`` is ``wanted`` in ``notebook`` (for
    trusted cases that run a locked cell of the notebook, such as given helpers)."""
    import nbformat

    for cell in nbformat.read(notebook, as_version=4).cells:
        if grade_id(cell) == wanted:
            return cell.source
    raise LookupError(f"{notebook} has no cell with grade_id {wanted!r}.")
