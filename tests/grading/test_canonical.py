"""canonicalize: a submission put back into the release's layout."""

from __future__ import annotations

from course.grading.canonical import canonicalize
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def _locked(grade_id: str, source: str):
    meta = {"nbgrader": {"grade_id": grade_id, "locked": True, "solution": False,
                         "grade": False, "schema_version": 3, "task": False}}  # fmt: skip
    return new_markdown_cell(source, metadata=meta)


def _release():
    return new_notebook(cells=[
        _locked("md-01", "# Title"),
        new_code_cell("my_image = None  # your file's name"),
        _locked("md-02", "## Next"),
    ])  # fmt: skip


def test_an_edited_ordinary_cell_is_kept_once_with_the_students_edit():
    submission = _release()
    submission.cells[1].source = 'my_image = "my_cat.jpg"'
    result, notes = canonicalize(submission, _release())
    assert [c.source for c in result.cells] == ["# Title", 'my_image = "my_cat.jpg"', "## Next"]
    assert notes == []


def test_a_deleted_ordinary_cell_is_not_restored():
    submission = _release()
    del submission.cells[1]
    result, notes = canonicalize(submission, _release())
    assert [c.source for c in result.cells] == ["# Title", "## Next"]
    assert notes == []


def _graded_release():
    def meta(gid, **flags):
        return {"nbgrader": {"grade_id": gid, "schema_version": 3, "task": False,
                             "locked": not flags.get("solution"), "solution": False,
                             "grade": False, **flags}}  # fmt: skip

    return new_notebook(cells=[
        _locked("md-01", "# Title"),
        new_code_cell("# GRADED FUNCTION: f\ndef f(x):\n    return x",
                      metadata=meta("f", solution=True)),
        new_code_cell("assert f(1) == 1", metadata=meta("test_f", grade=True, points=1)),
    ])  # fmt: skip


def test_a_cell_turned_into_markdown_or_raw_is_turned_back_valid_and_reported():
    """A student pressed M on the solution cell and R on the test cell: both are found by
    content, turned back into code cells nbformat accepts, graded, and reported."""
    import nbformat
    from nbformat.v4 import new_raw_cell

    release = _graded_release()
    submission = _graded_release()
    solution, test = submission.cells[1], submission.cells[2]
    submission.cells[1] = new_markdown_cell(solution.source, metadata=solution.metadata)
    submission.cells[2] = new_raw_cell(test.source, metadata=test.metadata)
    nbformat.validate(submission)
    result, notes = canonicalize(submission, release)
    nbformat.validate(result)  # raises on a code cell without outputs / execution_count
    assert [c.cell_type for c in result.cells] == ["markdown", "code", "code"]
    assert [c.outputs for c in result.cells[1:]] == [[], []]
    assert notes == [
        "cell f had been turned into a markdown cell; it was turned back into a code cell "
        "and graded",
        "cell test_f had been turned into a raw cell; it was turned back into a code cell and "
        "graded",
    ]
