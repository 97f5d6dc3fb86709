"""assignments.runtime: the notebook knows when nbgrader's autograder runs it."""

from __future__ import annotations

import pytest

from assignments.runtime import autograding


@pytest.mark.parametrize(
    ("value", "expected"),
    [("autograde", True), ("validate", False), ("", False), (None, False)],
)
def test_autograding_follows_nbgrader_execution(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", value)
    assert autograding() is expected
