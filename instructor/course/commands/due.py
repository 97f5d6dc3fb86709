"""`course due SLUG WHEN`: record a due date in the gradebook (late penalty: 10% per started
day, course.grading.late)."""

from __future__ import annotations

import argparse

from course.commands import console, plain
from course.grading.late import set_due_date
from course.layout import course_root


def configure(subparsers) -> None:
    u = subparsers.add_parser("due", help="record the due date of an assignment in the gradebook")
    u.add_argument("slug")
    u.add_argument("when", help='e.g. "2026-12-01 23:59:00 UTC" or 2026-12-01T23:59:00+01:00')
    u.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = course_root()
    try:
        stored = set_due_date(root, args.slug, args.when)
    except (ValueError, OverflowError) as err:
        example = "2026-12-01 23:59 UTC"
        console.print(plain(f"Not a date: {args.when!r} ({err}). Example: {example}"))
        return 1
    console.print(f"{args.slug} is due {stored}; regrade (course autograde --no-resume) to apply")
    return 0
