"""canonicalize: a submission put back into the release's layout."""

from __future__ import annotations

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from assignments.grading.canonical import canonicalize


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
