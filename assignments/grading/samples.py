"""Sample submissions: small ``.py`` variant files turned into student notebooks.

A variant file under ``tests/submissions/<slug>/`` describes one realistic student:

- its module docstring says who the student is and what goes wrong;
- ``BASE = "solution"`` starts from the reference solution (taken from ``source/``), and
  ``BASE = "release"`` from the blank release notebook;
- every top-level function named after a graded function replaces that function's cell;
- ``DELETE_CELLS = ["conv_forward"]`` deletes cells by nbgrader ``grade_id``;
- ``RAW_TEXT = "..."`` writes that text instead of a notebook (a corrupt upload).

The notebook is always built from the committed release, so the sample class exercises
exactly what students receive. Nothing here contains a solution: the reference is read from
``source/`` at run time, on the instructor's machine.
"""

from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"


@dataclass
class Variant:
    """One sample student, parsed from a variant file."""

    name: str
    description: str
    base: str = "solution"
    functions: dict[str, str] = field(default_factory=dict)
    delete_cells: list[str] = field(default_factory=list)
    raw_text: str | None = None


def _literal(tree: ast.Module, name: str, default: object) -> object:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    return default


def load_variant(path: Path) -> Variant:
    """Parse a variant file without importing (executing) it."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    functions = {
        node.name: ast.get_source_segment(text, node) or ""
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }
    base = _literal(tree, "BASE", "solution")
    if base not in ("solution", "release"):
        raise ValueError(f"{path}: BASE must be 'solution' or 'release', not {base!r}.")
    return Variant(
        name=path.stem.replace("_", "-"),
        description=(ast.get_docstring(tree) or "").strip(),
        base=str(base),
        functions=functions,
        delete_cells=list(_literal(tree, "DELETE_CELLS", [])),  # type: ignore[arg-type]
        raw_text=_literal(tree, "RAW_TEXT", None),  # type: ignore[arg-type]
    )


def load_variants(folder: Path) -> list[Variant]:
    """Every variant of a folder, sorted by file name."""
    return [load_variant(p) for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")]


def strip_solution_markers(source: str) -> str:
    """The reference code of a source cell: its text without the solution delimiters."""
    return "\n".join(
        line for line in source.split("\n") if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END)
    )


def _grade_id(cell: nbformat.NotebookNode) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _is_solution(cell: nbformat.NotebookNode) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def graded_function_name(cell: nbformat.NotebookNode) -> str | None:
    """``name`` of a cell whose first line is ``# GRADED FUNCTION: name``."""
    first = cell.source.lstrip().split("\n", 1)[0]
    prefix = "# GRADED FUNCTION:"
    return first[len(prefix) :].strip() if first.startswith(prefix) else None


def build_notebook(variant: Variant, release_nb: Path, source_nb: Path) -> str:
    """The text of the notebook this sample student submits."""
    if variant.raw_text is not None:
        return variant.raw_text
    nb = nbformat.read(release_nb, as_version=4)
    if variant.base == "solution":
        reference = {
            _grade_id(cell): strip_solution_markers(cell.source)
            for cell in nbformat.read(source_nb, as_version=4).cells
            if _is_solution(cell)
        }
        for cell in nb.cells:
            if _is_solution(cell) and _grade_id(cell) in reference:
                cell.source = reference[_grade_id(cell)]
    known = {graded_function_name(c): c for c in nb.cells if graded_function_name(c)}
    for name, code in variant.functions.items():
        if name not in known:
            raise ValueError(
                f"variant {variant.name}: {name} is not a graded function of {release_nb.name} "
                f"(graded functions: {', '.join(sorted(known))})."
            )
        known[name].source = f"# GRADED FUNCTION: {name}\n\n{code}"
    missing = set(variant.delete_cells) - {_grade_id(c) for c in nb.cells}
    if missing:
        raise ValueError(f"variant {variant.name}: no cells with grade_id {sorted(missing)}.")
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if _grade_id(c) not in variant.delete_cells]
    return nbformat.writes(nb)


def write_sample_class(root: Path, slug: str, variants_dir: Path) -> list[str]:
    """Write one submission per variant under ``root/submitted/<student>/<slug>/``.

    Student ids are the variant names; returns them in order.
    """
    release_dir = root / "release" / slug
    release_nb = next(release_dir.glob("*.ipynb"))
    source_nb = root / "source" / slug / release_nb.name
    students = []
    for variant in load_variants(variants_dir):
        target = root / "submitted" / variant.name / slug / release_nb.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(build_notebook(variant, release_nb, source_nb), encoding="utf-8")
        students.append(variant.name)
    return students
