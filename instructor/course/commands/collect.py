"""`course collect SOURCE --assignment SLUG [--pattern RE]`: an LMS export (folder or zip)
into submitted/ (course.grading.collect)."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.commands import console, plain
from course.layout import course_root


def configure(subparsers) -> None:
    c = subparsers.add_parser(
        "collect",
        help="import an LMS export (a folder or a zip of one notebook per student, the id in "
        "the file name) into submitted/, with nbgrader timestamps; reports files not placed",
    )
    c.add_argument("source", help="folder or .zip of the students' notebooks")
    c.add_argument("--assignment", required=True, help="the assignment (slug) they submitted")
    c.add_argument(
        "--pattern",
        default=r"^(?P<student>[^_]+)",
        help="regular expression with a group named student, matched against the file name "
        "(default: the text before the first underscore)",
    )
    c.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from course.grading.collect import collect

    root = course_root()
    try:
        outcome = collect(root, args.assignment, Path(args.source), args.pattern)
    except (FileNotFoundError, ValueError) as err:
        console.print(plain(err, "red"))
        return 1
    console.print(
        f"placed {len(outcome.placed)} submissions in submitted/<student>/{args.assignment}/"
    )
    for line in outcome.skipped:
        console.print(plain("  not placed ", "yellow") + plain(line), soft_wrap=True)
    return 0
