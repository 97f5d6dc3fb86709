"""What the grading code reads off a notebook cell: its nbgrader metadata and its function."""

from __future__ import annotations

from pathlib import Path

from nbformat import NotebookNode


def nbgrader_meta(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata ({} for an ordinary cell, and for metadata that is not a
    mapping: a submitted notebook's metadata is the student's, and any JSON is valid there)."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: NotebookNode) -> str | None:
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if isinstance(gid, str) else None


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
