"""What the grading code reads off a notebook cell: its nbgrader metadata and its function.

nbformat reads the course's own notebooks; :func:`read_cells` reads a submitted one as plain
JSON (a submission is the student's: any JSON may be there), and :func:`cell_text`,
:func:`nbgrader_meta` and :func:`is_solution` accept such cells as they come.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"


class NotebookError(ValueError):
    """A submission that is not a readable notebook."""


def read_cells(path: Path) -> list[dict[str, Any]]:
    """The cells of the notebook file ``path``, read as plain JSON without nbformat's
    validation: every cell that is a JSON object. Raises :class:`NotebookError` when the file
    is not a notebook."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except ValueError as exc:
        raise NotebookError(f"{path.name} is not valid JSON ({exc}).") from exc
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise NotebookError(f"{path.name} is not a notebook (it has no list of cells).")
    return [cell for cell in cells if isinstance(cell, dict)]


def cell_text(cell: dict[str, Any]) -> str:
    """The source of a cell read by :func:`read_cells` ("" when it is not text)."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(line for line in source if isinstance(line, str))
    return source if isinstance(source, str) else ""


def without_magics(source: str) -> str:
    """``source`` without IPython magics and shell escapes (lines starting with % or !)."""

    def magic(line: str) -> bool:
        stripped = line.lstrip()
        return stripped.startswith("%") or (stripped.startswith("!") and stripped[:2] != "!=")

    return "\n".join(line for line in source.split("\n") if not magic(line))


def strip_solution_markers(source: str) -> str:
    """The reference code of a source cell: its text without the solution delimiters."""
    return "\n".join(
        line for line in source.split("\n") if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END)
    )


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
