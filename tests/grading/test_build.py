"""The committed release is exactly what nbgrader generates from source/, and leaks nothing."""

import re

import nbformat
import pytest
from course.grading import build

from tests.conftest import REPO

SLUGS = build.slugs(REPO)
# Cells of each assignment that hold a solution or hidden tests (a cell lost = a test lost).
SECRET_CELLS = {  # solution + test cells
    "conv_application": 10,
    "conv_step_by_step": 16,
    "dnn_application": 4,
    "dnn_step_by_step": 20,
    "gradient_checking": 8,
    "initialization": 6,
    "regularization": 8,
}


def test_every_assignment_has_a_committed_release():
    assert SLUGS == [
        "conv_application",
        "conv_step_by_step",
        "dnn_application",
        "dnn_step_by_step",
        "gradient_checking",
        "initialization",
        "regularization",
    ]
    for slug in SLUGS:
        assert sorted(p.name for p in (REPO / "release" / slug).glob("*.ipynb")) == sorted(
            p.name for p in (REPO / "source" / slug).glob("*.ipynb")
        )


def _normalized(path):
    """The notebook without what varies between runs of nbgrader (nothing, so far)."""
    nb = nbformat.read(path, as_version=4)
    return nbformat.writes(nb)


@pytest.mark.parametrize("slug", SLUGS)
def test_release_holds_only_student_files(built_course, slug):
    """Instructor files (trusted_cases.py: hidden inputs) never reach a release."""
    assert (built_course / "source" / slug / "trusted_cases.py").exists()
    for release in (built_course / "release" / slug, REPO / "release" / slug):
        assert sorted(p.name for p in release.iterdir()) == sorted(
            p.name for p in (REPO / "source" / slug).glob("*.ipynb")
        )


@pytest.mark.parametrize("slug", SLUGS)
def test_committed_release_is_in_sync_with_source(built_course, slug):
    for fresh in sorted((built_course / "release" / slug).glob("*.ipynb")):
        committed = REPO / "release" / slug / fresh.name
        assert _normalized(committed) == _normalized(fresh), (
            f"release/{slug}/{fresh.name} is stale: run `course build {slug}` and commit it."
        )


def _regions(source: str, begin: str, end: str) -> list[str]:
    """Non-blank lines inside begin/end markers."""
    lines, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


@pytest.mark.parametrize("slug", SLUGS)
def test_release_contains_no_solution_and_no_hidden_test(slug):
    for source_path in sorted((REPO / "source" / slug).glob("*.ipynb")):
        source = nbformat.read(source_path, as_version=4)
        release = nbformat.read(REPO / "release" / slug / source_path.name, as_version=4)
        text = nbformat.writes(release)
        assert not re.search(r"BEGIN (SOLUTION|HIDDEN TESTS)|END (SOLUTION|HIDDEN TESTS)", text)
        released = {c.id: c for c in release.cells}
        checked = 0
        for cell in source.cells:
            secret = _regions(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
            secret += _regions(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
            if not secret:
                continue
            public = {line.strip() for line in released[cell.id].source.split("\n")}
            leaked = [line for line in secret if line in public]
            assert leaked == [], f"cell {cell.id} of release/{slug} shows {leaked}"
            checked += 1
        assert checked == SECRET_CELLS[slug]
        assert not any(c.outputs for c in release.cells if c.cell_type == "code")
