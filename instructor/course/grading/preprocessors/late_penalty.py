"""The course's late-submission penalty as an nbgrader plugin (not a preprocessor: nbgrader's
``AssignLatePenalties`` step calls it while autograding). The policy: course.grading.late."""

from __future__ import annotations

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from course.grading.late import penalty


class CoursePenalty(LateSubmissionPlugin):
    """A share of the earned points per started day late."""

    per_day = Float(0.1, help="Share of the earned points lost per started day late.").tag(
        config=True
    )

    def late_submission_penalty(
        self, student_id: str, score: float, total_seconds_late: float
    ) -> float:
        return penalty(score, total_seconds_late, self.per_day)
