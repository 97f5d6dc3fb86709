"""Sample submissions: small ``.py`` variant files turned into student notebooks.

A variant file under ``sample_classes/<slug>/`` (next to this package, installed with the
instructor package as its data) describes one realistic student:

- its module docstring says who the student is and what goes wrong;
- ``BASE = "solution"`` starts from the reference solution (taken from ``source/``), and
  ``BASE = "release"`` from the blank release notebook;
- every top-level function named after a graded function replaces that function's cell;
- ``CELLS = {"grade_id": "source"}`` replaces whole cells (code at a cell's top level);
- ``EXTRA_CELLS = {"grade_id": "source"}`` inserts a new code cell after that cell;
- ``DELETE_CELLS = ["conv_forward"]`` deletes cells by nbgrader ``grade_id``;
- ``MOVE_TO_END = ["test_pool_forward"]`` moves cells to the end of the notebook;
- ``RENAME_IDS = {"old": "new"}`` renames cells' ``grade_id`` (and cell id);
- ``NOTEBOOK_METADATA = {"key": value}`` adds keys to the notebook's metadata;
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

from course.grading.cells import (
    grade_id,
    graded_function_name,
    is_solution,
    strip_solution_markers,
)
from course.layout import release_notebook

# The sample classes: one folder per assignment, each with its variant files and
# expected_scores.toml (the exact outcome of every sample student).
SAMPLE_CLASSES = Path(__file__).resolve().parents[1] / "sample_classes"


@dataclass
class Variant:
    """One sample student, parsed from a variant file."""

    name: str
    description: str
    base: str = "solution"
    functions: dict[str, str] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    extra_cells: dict[str, str] = field(default_factory=dict)
    delete_cells: list[str] = field(default_factory=list)
    move_to_end: list[str] = field(default_factory=list)
    rename_ids: dict[str, str] = field(default_factory=dict)
    raw_text: str | None = None
    notebook_metadata: dict[str, object] = field(default_factory=dict)


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
        cells=dict(_literal(tree, "CELLS", {})),  # type: ignore[arg-type]
        extra_cells=dict(_literal(tree, "EXTRA_CELLS", {})),  # type: ignore[arg-type]
        delete_cells=list(_literal(tree, "DELETE_CELLS", [])),  # type: ignore[arg-type]
        move_to_end=list(_literal(tree, "MOVE_TO_END", [])),  # type: ignore[arg-type]
        rename_ids=dict(_literal(tree, "RENAME_IDS", {})),  # type: ignore[arg-type]
        raw_text=_literal(tree, "RAW_TEXT", None),  # type: ignore[arg-type]
        notebook_metadata=dict(_literal(tree, "NOTEBOOK_METADATA", {})),  # type: ignore[arg-type]
    )


def load_variants(folder: Path) -> list[Variant]:
    """Every variant of a folder, sorted by file name."""
    return [load_variant(p) for p in sorted(folder.glob("*.py")) if not p.name.startswith("_")]


def build_notebook(variant: Variant, release_nb: Path, source_nb: Path) -> str:
    """The text of the notebook this sample student submits."""
    if variant.raw_text is not None:
        return variant.raw_text
    nb = nbformat.read(release_nb, as_version=4)
    if variant.base == "solution":
        reference = {
            grade_id(cell): strip_solution_markers(cell.source)
            for cell in nbformat.read(source_nb, as_version=4).cells
            if is_solution(cell)
        }
        for cell in nb.cells:
            if is_solution(cell) and grade_id(cell) in reference:
                cell.source = reference[grade_id(cell)]
    known = {graded_function_name(c): c for c in nb.cells if graded_function_name(c)}
    for name, code in variant.functions.items():
        if name not in known:
            raise ValueError(
                f"variant {variant.name}: {name} is not a graded function of {release_nb.name} "
                f"(graded functions: {', '.join(sorted(known))})."
            )
        known[name].source = f"# GRADED FUNCTION: {name}\n\n{code}"
    by_id = {grade_id(c): c for c in nb.cells if grade_id(c)}
    named = [*variant.cells, *variant.extra_cells, *variant.delete_cells, *variant.move_to_end,
             *variant.rename_ids]  # fmt: skip
    missing = set(named) - set(by_id)
    if missing:
        raise ValueError(f"variant {variant.name}: no cells with grade_id {sorted(missing)}.")
    for gid, source in variant.cells.items():
        by_id[gid].source = source
    cells = []
    for cell in nb.cells:
        if grade_id(cell) in variant.delete_cells:
            continue
        cells.append(cell)
        if grade_id(cell) in variant.extra_cells:
            extra = nbformat.v4.new_code_cell(variant.extra_cells[grade_id(cell)])
            extra.id = f"student-{len(cells)}"
            cells.append(extra)
    cells = [c for c in cells if grade_id(c) not in variant.move_to_end] + [
        by_id[gid] for gid in variant.move_to_end
    ]
    for old, new in variant.rename_ids.items():
        by_id[old].metadata["nbgrader"]["grade_id"] = new
        by_id[old]["id"] = new
    nb = copy.deepcopy(nb)
    nb.cells = cells
    nb.metadata.update(copy.deepcopy(variant.notebook_metadata))
    return nbformat.writes(nb)


def write_sample_class(root: Path, slug: str, variants_dir: Path) -> list[str]:
    """Write one submission per variant under ``root/submitted/<student>/<slug>/``.

    Student ids are the variant names; returns them in order.
    """
    release_nb = release_notebook(root, slug)
    source_nb = root / "source" / slug / release_nb.name
    students = []
    for variant in load_variants(variants_dir):
        target = root / "submitted" / variant.name / slug / release_nb.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(build_notebook(variant, release_nb, source_nb), encoding="utf-8")
        students.append(variant.name)
    return students


def write_generated_class(root: Path, slug: str, variants_dir: Path, size: int) -> list[str]:
    """A class of ``size`` students cycling through the variants (load tests):
    student ``s007-<variant>`` submits the notebook of variant number 7 modulo their count."""
    release_nb = release_notebook(root, slug)
    source_nb = root / "source" / slug / release_nb.name
    variants = load_variants(variants_dir)
    texts = {v.name: build_notebook(v, release_nb, source_nb) for v in variants}
    students = []
    for i in range(size):
        variant = variants[i % len(variants)]
        student = f"s{i:03d}-{variant.name}"
        target = root / "submitted" / student / slug / release_nb.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(texts[variant.name], encoding="utf-8")
        students.append(student)
    return students
