"""The result types of autograding: one student's submission and a class's assignment.

Saved as JSON in reports/<slug>/state/ (``dataclasses.asdict``) and read back by a resumed run;
printed and exported by course.grading.grades, reported by course.grading.report.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def function_of(grade_id: str) -> str:
    """The graded function a test cell's grade id names (``test_conv_forward``: conv_forward)."""
    return grade_id.removeprefix("test_")


@dataclass
class SubmissionResult:
    """The outcome of one student's submission."""

    student: str
    status: str  # "graded" or "not graded"
    scores: dict[str, float] = field(default_factory=dict)  # grade_id -> points earned
    problems: list[str] = field(default_factory=list)
    tampering: list[str] = field(default_factory=list)  # one line per suspicious function
    seconds: float = 0.0  # time spent grading it
    seconds_late: float = 0.0  # after the due date, from nbgrader's timestamp (0: on time)
    penalty: float = 0.0  # late-submission penalty in points (instructor/course/grading/late.py)
    overridden: list[str] = field(default_factory=list)  # grade ids trusted verification zeroed
    # graded function -> its trusted verdict (passed or not); empty where none was reached
    verified: dict[str, bool] = field(default_factory=dict)
    # not graded because of the grader or the machine (not the student's file): the run exits
    # non-zero, and the next run grades the submission again instead of resuming this result
    grader_failure: bool = False

    @property
    def total(self) -> float:
        return sum(self.scores.values())

    @property
    def final(self) -> float:
        """The total after the late-submission penalty."""
        return max(self.total - self.penalty, 0.0)


@dataclass
class ClassResult:
    """The outcome of autograding one assignment for a class."""

    assignment: str
    notebook: str  # notebook name without .ipynb (nbgrader's notebook id)
    max_scores: dict[str, float]  # grade_id -> points, in notebook order
    submissions: list[SubmissionResult]

    @property
    def max_total(self) -> float:
        return sum(self.max_scores.values())
