"""`course check SLUG`: what an assignment still lacks before it can be handed out.

An assignment is complete when

- every graded function (a ``# GRADED FUNCTION: name`` cell of the source notebook) has a
  test cell after it that is worth points, holds visible tests and a block of hidden tests;
- ``source/<slug>/trusted_cases.py`` gives trusted verification cases for every graded
  function;
- its sample class (``course/sample_classes/<slug>/``) has a reference student at full marks,
  a blank one at zero, and for every graded function at least one student with a planted bug
  that loses exactly that function; every sample student has an expected score and every
  expected score a sample student;
- the committed release is what nbgrader generates from the source notebook now;
- it has a place in the course order (``course.schedule``).

Each finding is one line that names what is missing and where.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import tomllib
from pathlib import Path

import nbformat

from course import layout, schedule
from course.grading import build, samples, trusted
from course.grading.cells import grade_id, graded_function_name, nbgrader_meta

HIDDEN = "### BEGIN HIDDEN TESTS"


def _source_notebook(root: Path, slug: str) -> Path | None:
    found = sorted((root / "source" / slug).glob("*.ipynb"))
    return found[0] if len(found) == 1 else None


def graded_functions(nb: nbformat.NotebookNode) -> list[tuple[str, nbformat.NotebookNode | None]]:
    """Each graded function of a source notebook with the first test cell after it (a code
    cell worth points), or None when another graded function or the end comes first."""
    found: list[tuple[str, nbformat.NotebookNode | None]] = []
    for cell in nb.cells:
        name = graded_function_name(cell)
        if name:
            found.append((name, None))
        elif found and found[-1][1] is None and nbgrader_meta(cell).get("grade"):
            found[-1] = (found[-1][0], cell)
    return found


def _notebook_findings(slug: str, nb: nbformat.NotebookNode) -> list[str]:
    findings = []
    for name, test in graded_functions(nb):
        if test is None:
            findings.append(
                f"{slug}: graded function {name} has no test cell worth points after it"
            )
            continue
        visible = re.sub(rf"{HIDDEN}.*?### END HIDDEN TESTS", "", test.source, flags=re.S)
        if "check" not in visible and "assert" not in visible:
            findings.append(f"{slug}: the test cell of {name} has no visible test")
        if HIDDEN not in test.source:
            findings.append(f"{slug}: the test cell of {name} has no hidden tests ({HIDDEN})")
    return findings


def _trusted_findings(root: Path, slug: str, functions: list[str]) -> list[str]:
    try:
        spec = trusted.load_spec(root / "source" / slug)
    except Exception as err:  # a missing or broken file: say which and why
        return [f"{slug}: trusted cases: {err}"]
    return [
        f"{slug}: trusted_cases.py has no case for graded function {name}"
        for name in functions
        if not spec.cases.get(name)
    ]


def _sample_findings(slug: str, nb: nbformat.NotebookNode, functions: list[str]) -> list[str]:
    folder = samples.SAMPLE_CLASSES / slug
    if not folder.is_dir():
        return [f"{slug}: no sample class in {folder}"]
    expected_file = folder / "expected_scores.toml"
    if not expected_file.is_file():
        return [f"{slug}: the sample class has no expected_scores.toml"]
    expected = tomllib.loads(expected_file.read_text())
    graded = {k: list(v) for k, v in expected.get("graded", {}).items()}
    listed = set(graded) | set(expected.get("not_graded", {}))
    students = {v.name for v in samples.load_variants(folder)}
    findings = [
        f"{slug}: sample student {s} has no expected score" for s in sorted(students - listed)
    ]
    findings += [
        f"{slug}: expected score of {s}, who has no variant file" for s in sorted(listed - students)
    ]
    cells = [c for c in nb.cells if nbgrader_meta(c).get("grade")]
    points = [float(nbgrader_meta(c).get("points", 0)) for c in cells]
    reference = graded.get("reference")
    if reference != points:
        findings.append(f"{slug}: the sample class has no reference student at full marks {points}")
        return findings
    if graded.get("blank") != [0] * len(points):
        findings.append(f"{slug}: the sample class has no blank student at 0")
    tests = [grade_id(c) for c in cells]
    for name, test in graded_functions(nb):
        if test is None or grade_id(test) not in tests:
            continue
        k = tests.index(grade_id(test))
        planted = [
            s for s, row in graded.items() if s in students
            if len(row) == len(points) and row[k] < points[k]
            and all(row[j] == points[j] for j in range(len(points)) if j != k)
        ]  # fmt: skip
        if not planted:
            findings.append(f"{slug}: no sample student with a planted bug that loses only {name}")
    return findings


def _release_findings(root: Path, slug: str) -> list[str]:
    committed = sorted((root / "release" / slug).glob("*.ipynb"))
    if not committed:
        return [f"{slug}: no committed release: run `course build {slug}`"]
    with tempfile.TemporaryDirectory(prefix="course-check-") as tmp:
        copy = layout.copy_course(root, Path(tmp) / "course")
        shutil.rmtree(copy / "release" / slug)
        build.build(copy, [slug])
        for notebook in committed:
            fresh = copy / "release" / slug / notebook.name
            if not fresh.exists() or nbformat.writes(nbformat.read(fresh, 4)) != nbformat.writes(
                nbformat.read(notebook, 4)
            ):
                return [
                    f"{slug}: release/{slug}/{notebook.name} is stale: run `course build {slug}`"
                ]
    return []


def check(root: Path, slug: str) -> list[str]:
    """What assignment ``slug`` of the course at ``root`` lacks (empty: nothing)."""
    if slug not in schedule.COURSE_ORDER:
        return [f"{slug}: not in the course order (course/schedule.py COURSE_ORDER)"]
    source_nb = _source_notebook(root, slug)
    if source_nb is None:
        return [f"{slug}: source/{slug}/ must hold exactly one notebook"]
    nb = nbformat.read(source_nb, as_version=4)
    functions = [name for name, _ in graded_functions(nb)]
    if not functions:
        return [f"{slug}: the source notebook has no # GRADED FUNCTION cell"]
    return (
        _notebook_findings(slug, nb)
        + _trusted_findings(root, slug, functions)
        + _sample_findings(slug, nb, functions)
        + _release_findings(root, slug)
    )
