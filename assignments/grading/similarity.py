"""Pairs of students whose graded functions are suspiciously alike (``course similarity``).

Copied code is usually disguised: variables renamed, comments rewritten, lines re-wrapped.
None of that survives normalization at the level of the syntax tree:

1. each graded function of a submission is parsed (:mod:`ast`); its docstring is dropped, and
   every name the function binds (arguments, local variables, loop variables) is renamed to
   ``v0, v1, ...`` in order of first appearance, while the names it only reads (``np``, the
   notebook's helpers) are kept;
2. the function becomes a list of normalized statements (``ast.unparse``, one per simple
   statement, nested blocks flattened), from which the statements of the release's scaffold
   (the given lines around ``raise NotImplementedError()``) are removed: what remains is the
   student's own work;
3. the own statements become tokens, and the tokens overlapping windows of ``K`` tokens
   (k-grams, as in MOSS); k-grams that also occur in the reference solution (from ``source/``)
   are dropped, and so are k-grams that more than ``COMMON_SHARE`` of the class share: correct
   solutions converge and common mistakes are common, so neither is evidence;
4. two students' remaining, rare k-grams are compared: a pair's score is the share of the
   smaller set found in the other (containment), over all their graded functions.

What flags a pair is shared *unusual* code: the same odd detours, the same mistakes, written
the same way. The report shows each flagged pair's functions side by side, as the students
wrote them. A high score is a reason to look, not a verdict.
"""

from __future__ import annotations

import ast
import builtins
import difflib
import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from assignments.grading.autograde import release_notebook, submitted_students
from assignments.grading.cells import graded_function_name

K = 8  # tokens per k-gram
COMMON_SHARE = 0.1  # k-grams shared by more than this share of the class are not evidence
THRESHOLD = 0.8  # pairs whose containment is at least this are reported...
MIN_SHARED = 12  # ...if they share at least this many rare k-grams


@dataclass
class Function:
    """One student's version of one graded function."""

    source: str  # as written
    own: list[str]  # normalized statements, scaffold removed


@dataclass
class Pair:
    first: str
    second: str
    score: float  # share of the smaller set of rare k-grams found in the other
    shared: int  # rare k-grams in common
    functions: dict[str, int] = field(default_factory=dict)  # name -> rare k-grams in common


class _Renamer(ast.NodeTransformer):
    """Rename every name a function binds to v0, v1, ... (order of first appearance)."""

    def __init__(self, bound: set[str]) -> None:
        self.bound = bound
        self.names: dict[str, str] = {}

    def _new(self, name: str) -> str:
        if name not in self.names:
            self.names[name] = f"v{len(self.names)}"
        return self.names[name]

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg = self._new(node.arg)
        node.annotation = None
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        if node.id in self.bound:
            node.id = self._new(node.id)
        return node


def _bound_names(function: ast.FunctionDef) -> set[str]:
    bound = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
    return bound - set(dir(builtins))


def _statements(body: list[ast.stmt]) -> list[str]:
    """Simple statements in order; a compound statement gives its header, then its body."""
    out: list[str] = []
    for stmt in body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # docstrings and bare strings
        blocks = [getattr(stmt, name) for name in ("body", "orelse", "finalbody")
                  if isinstance(getattr(stmt, name, None), list)]  # fmt: skip
        if blocks:
            header = ast.unparse(stmt).split("\n", 1)[0]
            out.append(header)
            for block in blocks:
                out += _statements(block)
        else:
            out.append(ast.unparse(stmt))
    return out


def normalize(source: str, name: str) -> list[str] | None:
    """The normalized statements of function ``name`` in ``source`` (None: not found)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            node = _Renamer(_bound_names(node)).visit(node)
            return _statements(node.body)
    return None


def _function_cells(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Source of each graded function's cell, by function name."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            name = graded_function_name(cell)
            if name and name not in found:
                found[name] = cell.source
    return found


def _read(path: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # corrupt uploads are reported by autograde, not here
        return None


def collect(root: Path, slug: str) -> tuple[dict[str, dict[str, Function]], dict[str, list[str]]]:
    """Every student's graded functions, and the reference's normalized own statements."""
    release_nb = release_notebook(root, slug)
    release = nbformat.read(release_nb, as_version=4)
    source_nb = root / "source" / slug / release_nb.name
    scaffold = {
        name: set(normalize(src, name) or []) for name, src in _function_cells(release).items()
    }
    reference = {}
    if source_nb.exists():
        for name, src in _function_cells(nbformat.read(source_nb, as_version=4)).items():
            statements = normalize(src, name) or []
            reference[name] = [s for s in statements if s not in scaffold.get(name, set())]
    students: dict[str, dict[str, Function]] = {}
    for student in submitted_students(root, slug):
        path = root / "submitted" / student / slug / release_nb.name
        nb = _read(path) if path.exists() else None
        if nb is None:
            continue
        functions = {}
        for name, src in _function_cells(nb).items():
            if name not in scaffold:
                continue
            statements = normalize(src, name)
            if statements is None:
                continue
            own = [s for s in statements if s not in scaffold[name]]
            if own:
                functions[name] = Function(source=src, own=own)
        students[student] = functions
    return students, reference


def _kgrams(statements: list[str]) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+|[^\w\s]", "\n".join(statements))
    return {tuple(tokens[i : i + K]) for i in range(len(tokens) - K + 1)}


def compare(
    students: dict[str, dict[str, Function]], reference: dict[str, list[str]]
) -> list[Pair]:
    """Every pair of students sharing rare code, most alike first."""
    grams: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
    for student, functions in students.items():
        grams[student] = {
            (name, gram)
            for name, function in functions.items()
            for gram in _kgrams(function.own) - _kgrams(reference.get(name, []))
        }
    frequency = Counter(g for student_grams in grams.values() for g in student_grams)
    limit = max(2, int(COMMON_SHARE * len(students)))
    rare = {s: {g for g in gs if frequency[g] <= limit} for s, gs in grams.items()}
    pairs = []
    for first, second in itertools.combinations(sorted(students), 2):
        shared = rare[first] & rare[second]
        if not shared:
            continue
        score = len(shared) / min(len(rare[first]), len(rare[second]))
        functions = Counter(name for name, _ in shared)
        pairs.append(Pair(first, second, score, len(shared), dict(sorted(functions.items()))))
    pairs.sort(key=lambda p: (-p.score, -p.shared, p.first, p.second))
    return pairs


def suspicious(pairs: list[Pair]) -> list[Pair]:
    return [p for p in pairs if p.score >= THRESHOLD and p.shared >= MIN_SHARED]


def write_report(
    root: Path, slug: str, students: dict[str, dict[str, Function]], pairs: list[Pair]
) -> Path:
    """reports/<slug>/similarity.html: the flagged pairs, ranked, their code side by side."""
    out = root / "reports" / slug / "similarity.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    flagged = suspicious(pairs)
    differ = difflib.HtmlDiff(tabsize=4, wrapcolumn=80)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(slug)}: similar submissions</title>",
        "<style>body{font-family:sans-serif;margin:2em}table.diff{font-family:monospace;"
        "font-size:85%;border:1px solid #bbb}.diff_add{background:#cfc}.diff_chg{background:#ff8}"
        ".diff_sub{background:#fbb}</style></head><body>",
        f"<h1>{html.escape(slug)}: suspiciously similar submissions</h1>",
        f"<p>{len(students)} submissions; {len(pairs)} pairs share some rare code, "
        f"{len(flagged)} share at least {MIN_SHARED} rare {K}-token sequences covering "
        f"{THRESHOLD:.0%} or more of the smaller side. Code is compared after renaming "
        "variables and dropping comments, docstrings and the release's given lines; what the "
        "reference solution contains, or more than "
        f"{COMMON_SHARE:.0%} of the class shares, is not counted. A high score is a reason to "
        "look, not a verdict.</p>",
    ]
    for rank, pair in enumerate(flagged, 1):
        parts.append(
            f"<h2>{rank}. {html.escape(pair.first)} and {html.escape(pair.second)}: "
            f"{pair.score:.2f} ({pair.shared} rare sequences in common)</h2><ul>"
        )
        for name, count in pair.functions.items():
            parts.append(f"<li>{html.escape(name)}: {count} rare sequences in common</li>")
        parts.append("</ul>")
        for name in pair.functions:
            a = students[pair.first][name].source.splitlines()
            b = students[pair.second][name].source.splitlines()
            parts.append(differ.make_table(a, b, html.escape(pair.first), html.escape(pair.second)))
    parts.append("</body></html>\n")
    out.write_text("\n".join(parts), encoding="utf-8")
    return out
