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

A submission's code is the student's: nothing in it may stop the comparison of the others. The
syntax tree is walked without recursion; a statement too deeply nested for ``ast.unparse`` (a
sum of a thousand terms) is left out of its function, a function too deep for ``ast.parse``
is left out of its submission, and a notebook whose cells cannot be read is left out; each is
one line of the report's notes.
"""

from __future__ import annotations

import ast
import builtins
import copy
import difflib
import html
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.grading.cells import graded_function_name
from course.grading.gradebook import one_line
from course.layout import release_notebook, submitted_students

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


def _rename(function: ast.FunctionDef, bound: set[str]) -> None:
    """Rename every name ``function`` binds to v0, v1, ... (order of first appearance in a
    depth-first walk, fields in order), in place; arguments lose their annotations. Walked
    with a stack, not recursion: a student's expression may be thousands of nodes deep."""
    names: dict[str, str] = {}

    def new(name: str) -> str:
        return names.setdefault(name, f"v{len(names)}")

    stack: list[ast.AST] = [function]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.arg):
            node.arg = new(node.arg)
            node.annotation = None
            continue
        if isinstance(node, ast.Name):
            if node.id in bound:
                node.id = new(node.id)
            continue
        children: list[ast.AST] = []
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                children += [item for item in value if isinstance(item, ast.AST)]
            elif isinstance(value, ast.AST):
                children.append(value)
        stack.extend(reversed(children))


def _bound_names(function: ast.FunctionDef) -> set[str]:
    bound = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
    return bound - set(dir(builtins))


_BLOCKS = ("body", "orelse", "finalbody")


def _header(stmt: ast.stmt) -> str:
    """The first line of a compound statement, unparsed without its blocks."""
    shell = copy.copy(stmt)
    for name in _BLOCKS:
        if isinstance(getattr(stmt, name, None), list):
            setattr(shell, name, [ast.Pass()] if name == "body" else [])
    return ast.unparse(shell).split("\n", 1)[0]


def _statements(body: list[ast.stmt]) -> tuple[list[str], int]:
    """Simple statements in order; a compound statement gives its header, then its blocks.
    Also returns how many statements were left out, too deeply nested to unparse (``ast.unparse``
    recurses). Blocks are walked with a stack, not recursion."""
    out: list[str] = []
    dropped = 0
    stack: list[Iterator[ast.stmt]] = [iter(body)]
    while stack:
        stmt = next(stack[-1], None)
        if stmt is None:
            stack.pop()
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
            continue  # docstrings and bare strings
        blocks = [getattr(stmt, name) for name in _BLOCKS
                  if isinstance(getattr(stmt, name, None), list)]  # fmt: skip
        try:
            out.append(_header(stmt) if blocks else ast.unparse(stmt))
        except RecursionError:
            dropped += 1
        if blocks:
            stack.append(itertools.chain(*blocks))
    return out, dropped


def _normalize(source: str, name: str) -> tuple[list[str] | None, str]:
    """:func:`normalize`, and a note when some of the function could not be compared."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):  # ValueError: a null byte in the source
        return None, ""
    except (RecursionError, MemoryError):
        return None, "too deeply nested to parse, not compared"
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            _rename(node, _bound_names(node))
            statements, dropped = _statements(node.body)
            note = (
                f"{dropped} statement(s) too deeply nested to compare, left out" if dropped else ""
            )
            return statements, note
    return None, ""


def normalize(source: str, name: str) -> list[str] | None:
    """The normalized statements of function ``name`` in ``source`` (None: not found, or not
    parsable); statements too deeply nested to unparse are left out."""
    return _normalize(source, name)[0]


def _function_cells(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Source of each graded function's cell, by function name."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and isinstance(cell.source, str):
            name = graded_function_name(cell)
            if name and name not in found:
                found[name] = cell.source
    return found


def _read(path: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # corrupt uploads are reported by autograde, not here
        return None


def _own_functions(
    path: Path, scaffold: dict[str, set[str]], student: str, notes: list[str]
) -> dict[str, Function] | None:
    """A student's graded functions with their own statements (None: unreadable notebook)."""
    nb = _read(path) if path.exists() else None
    if nb is None:
        return None
    functions = {}
    for name, src in _function_cells(nb).items():
        if name not in scaffold:
            continue
        statements, note = _normalize(src, name)
        if note:
            notes.append(f"{student}: {name} {note}")
        if statements is None:
            continue
        own = [s for s in statements if s not in scaffold[name]]
        if own:
            functions[name] = Function(source=src, own=own)
    return functions


def collect(
    root: Path, slug: str, notes: list[str] | None = None
) -> tuple[dict[str, dict[str, Function]], dict[str, list[str]]]:
    """Every student's graded functions, and the reference's normalized own statements.
    What could not be compared (a submission, a function, a statement) is appended to
    ``notes``, one line each, starting with the student's id."""
    notes = [] if notes is None else notes
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
        try:
            functions = _own_functions(path, scaffold, student, notes)
        except Exception as err:  # cells that are not cells: this submission only
            notes.append(f"{student}: not compared ({one_line(err)})")
            continue
        if functions is not None:
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
    root: Path,
    slug: str,
    students: dict[str, dict[str, Function]],
    pairs: list[Pair],
    notes: list[str] | tuple[str, ...] = (),
) -> Path:
    """reports/<slug>/similarity.html: the flagged pairs, ranked, their code side by side,
    then the ``notes`` (what could not be compared)."""
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
    if notes:
        parts.append("<h2>Not compared</h2><ul>")
        parts += [f"<li>{html.escape(note)}</li>" for note in notes]
        parts.append("</ul>")
    parts.append("</body></html>\n")
    out.write_text("\n".join(parts), encoding="utf-8")
    return out
