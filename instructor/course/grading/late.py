"""The course's late-submission policy (nbgrader's plugin for it: preprocessors/late_penalty.py).

Policy: a submission handed in after the assignment's due date loses 10% of the points it
earned for every started day of delay (1 second to 24 hours late: 10%; 24 h 1 s: 20%; ...),
down to 0 after ten days. nbgrader computes the delay from the submission's ``timestamp.txt``
and the due date in the gradebook (``course due SLUG WHEN``); its ``AssignLatePenalties`` step
calls the plugin while autograding and stores the penalty in the gradebook, which
``nbgrader export`` and ``course export`` both subtract.

The rate is configurable in ``nbgrader_config.py``: ``c.CoursePenalty.per_day = 0.1``.
``set_due_date`` records a due date for `course due`.
"""

from __future__ import annotations

import math
from pathlib import Path

DAY = 24 * 3600


def penalty(score: float, seconds_late: float, per_day: float = 0.1) -> float:
    """Points lost by a submission that earned ``score`` and was ``seconds_late`` late."""
    if seconds_late <= 0 or score <= 0:
        return 0.0
    days = math.ceil(seconds_late / DAY)
    return round(min(score, score * per_day * days), 6)


def set_due_date(root: Path, slug: str, when: str) -> str:
    """Record the due date of ``slug`` in the gradebook (nbgrader parses ``when``: ISO 8601
    or ``2026-12-01 23:59:00 UTC``); return it as nbgrader stores it (UTC)."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import parse_utc

    from course.layout import gradebook_url

    duedate = parse_utc(when)
    with Gradebook(gradebook_url(root)) as gb:
        gb.update_or_create_assignment(slug, duedate=duedate)
    return duedate.strftime("%Y-%m-%d %H:%M:%S UTC")
