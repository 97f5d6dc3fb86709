"""The code of the notebooks: the submission's cells for the worker, the source notebook's
reference functions for the grader (cells read by :mod:`course.grading.cells`)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.grading.cells import (
    cell_text,
    is_solution,
    nbgrader_meta,
    read_cells,
    strip_solution_markers,
    without_magics,
)
from course.grading.trusted.protocol import CELL_MARK


def reference_functions(source_nb: Path, prelude: str) -> dict[str, Callable[..., Any]]:
    """The functions of the source notebook: ``prelude`` then every solution cell (without
    its solution markers), run in one namespace of the grader's process."""
    namespace: dict[str, Any] = {"__name__": "__reference__"}
    exec(compile(prelude, "<prelude>", "exec"), namespace)
    for cell in read_cells(Path(source_nb)):
        if cell.get("cell_type") == "code" and is_solution(cell):
            code = without_magics(strip_solution_markers(cell_text(cell)))
            exec(compile(code, str(source_nb), "exec"), namespace)
    return {name: value for name, value in namespace.items() if inspect.isfunction(value)}


def student_code(submission_nb: Path) -> str:
    """The code to run for the student: every code cell of the submitted notebook except
    nbgrader's grade cells and locked cells, magics removed; cells are separated by ``# %%``.

    Raises :class:`course.grading.cells.NotebookError` when the file is not a notebook.
    """
    cells = [
        without_magics(cell_text(cell))
        for cell in read_cells(Path(submission_nb))
        if cell.get("cell_type") == "code"
        and not nbgrader_meta(cell).get("grade")
        and not nbgrader_meta(cell).get("locked")
    ]
    return "".join(f"{CELL_MARK}\n{cell}\n" for cell in cells)
