"""Put a submitted notebook back into the release's shape before nbgrader grades it.

Students move, copy, delete and rename cells by accident. nbgrader matches cells by their
``grade_id`` and zeroes what it cannot match; here every cell of the release is found again
in the submission, by id or else by content, and the notebook is rebuilt in the release's
order:

- a solution cell is found by its ``grade_id``, else by its ``# GRADED FUNCTION: name`` line,
  else by the ``def name(`` it contains;
- a read-only cell (tests, instructions) is found by its ``grade_id``, else by its exact
  source; a read-only cell that is missing is restored from the release (nbgrader then
  restores its hidden tests from the gradebook);
- cells the student added are kept, right after the release cell they followed; so are the
  release's ordinary cells (no nbgrader metadata), which are the student's to edit;
- a second copy of a release cell loses its nbgrader metadata (it is graded once).

Every repair is reported in one line, so the instructor can see what happened.
"""

from __future__ import annotations

import copy
import re

import nbformat
from nbformat import NotebookNode

from course.grading.cells import graded_function_name, nbgrader_meta


def _defined_functions(source: str) -> set[str]:
    return set(re.findall(r"^def\s+(\w+)\s*\(", source, flags=re.M))


def _match(release_cell: NotebookNode, cell: NotebookNode) -> str | None:
    """How ``cell`` (submitted) matches ``release_cell``: 'id', 'content', or None."""
    meta, rid = nbgrader_meta(cell), nbgrader_meta(release_cell).get("grade_id")
    if meta.get("grade_id") == rid and cell.cell_type == release_cell.cell_type:
        return "id"
    if nbgrader_meta(release_cell).get("solution"):
        name = graded_function_name(release_cell)
        if name and (graded_function_name(cell) == name or name in _defined_functions(cell.source)):
            return "content"
        return None
    if cell.source.strip() and cell.source.strip() == release_cell.source.strip():
        return "content"
    return None


def _as_type(cell: NotebookNode, kind: str) -> NotebookNode:
    """``cell`` turned into a valid cell of type ``kind`` (a student pressed M or R on a code
    cell, or Y on a Markdown one): the fields the new type needs, none it forbids."""
    if kind == "code":
        new = nbformat.v4.new_code_cell(cell.source, metadata=cell.metadata)
    elif kind == "markdown":
        new = nbformat.v4.new_markdown_cell(cell.source, metadata=cell.metadata)
    else:
        new = nbformat.v4.new_raw_cell(cell.source, metadata=cell.metadata)
    if "id" in cell:
        new["id"] = cell["id"]
    return new


def canonicalize(nb: NotebookNode, release: NotebookNode) -> tuple[NotebookNode, list[str]]:
    """Return the submission rebuilt in the release's layout, and the repairs made."""
    cells = list(nb.cells)
    used: set[int] = set()
    chosen: dict[int, int] = {}  # release index -> submitted index
    notes: list[str] = []
    anchored = [r for r, c in enumerate(release.cells) if nbgrader_meta(c).get("grade_id")]
    # Pass 1 by id, pass 2 by content, so an exact id always wins over a look-alike.
    for wanted in ("id", "content"):
        for r in anchored:
            if r in chosen:
                continue
            for s, cell in enumerate(cells):
                if s not in used and _match(release.cells[r], cell) == wanted:
                    chosen[r] = s
                    used.add(s)
                    break
    out: list[NotebookNode] = []
    order = sorted(chosen.values())
    if order != [chosen[r] for r in sorted(chosen)]:
        notes.append("cells were moved; they were put back in the release's order")
    for r, release_cell in enumerate(release.cells):
        gid = nbgrader_meta(release_cell).get("grade_id")
        if r in chosen:
            cell = copy.deepcopy(cells[chosen[r]])
            if nbgrader_meta(cell).get("grade_id") != gid:
                old = nbgrader_meta(cell).get("grade_id")
                notes.append(f"cell {old or '(no id)'} was recognised as {gid} and graded as such")
            cell.metadata["nbgrader"] = copy.deepcopy(nbgrader_meta(release_cell))
            if cell.cell_type != release_cell.cell_type:
                notes.append(
                    f"cell {gid} had been turned into a {cell.cell_type} cell; it was turned "
                    f"back into a {release_cell.cell_type} cell and graded"
                )
                cell = _as_type(cell, release_cell.cell_type)
            if "id" in release_cell:
                cell["id"] = release_cell["id"]
            out.append(cell)
            # the student's own cells that followed this one come with it
            follow = chosen[r] + 1
            while follow < len(cells) and follow not in used:
                extra = copy.deepcopy(cells[follow])
                if nbgrader_meta(extra).get("grade_id"):
                    notes.append(
                        f"a copy of cell {nbgrader_meta(extra)['grade_id']} is kept but not graded"
                    )
                    extra.metadata.pop("nbgrader", None)
                used.add(follow)
                out.append(extra)
                follow += 1
        elif gid is None:
            # an ordinary cell (no nbgrader metadata) is the student's to edit or delete: their
            # version came along with the cell it follows, the release's is not added again
            continue
        else:
            kind = "solution cell" if nbgrader_meta(release_cell).get("solution") else "cell"
            notes.append(f"{kind} {gid} was missing and was restored from the release")
            out.append(copy.deepcopy(release_cell))
    # Cells before the first matched cell, or otherwise unplaced, go first.
    leftovers = [copy.deepcopy(c) for s, c in enumerate(cells) if s not in used]
    for cell in leftovers:
        if nbgrader_meta(cell).get("grade_id"):
            cell.metadata.pop("nbgrader", None)
    result = copy.deepcopy(nb)
    result.cells = leftovers + out
    return result, notes


def recognised_solutions(nb: NotebookNode, release: NotebookNode) -> int:
    """How many of the release's solution cells can be found in ``nb`` (0: another notebook)."""
    return sum(
        1
        for release_cell in release.cells
        if nbgrader_meta(release_cell).get("solution")
        and any(_match(release_cell, cell) for cell in nb.cells)
    )
