"""Where a notebook is running: in the student's Jupyter, or under nbgrader's autograder.

nbgrader sets the environment variable ``NBGRADER_EXECUTION`` to ``"autograde"`` while it
grades a submission and to ``"validate"`` while it validates one (its FAQ documents both).
An assignment whose notebook trains a model for a minute uses :func:`autograding` to skip the
long run when the grader executes it: the grade comes from the hidden tests, which train on a
small subset, so a class of hundreds is graded in minutes. Validation and the student's own
runs do the full training.
"""

from __future__ import annotations

import os

__all__ = ["autograding"]


def autograding() -> bool:
    """True while ``nbgrader autograde`` (or ``course autograde``) executes the notebook."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"
