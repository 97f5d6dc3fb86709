"""`course check [SLUG ...]`: what an assignment lacks (tests, hidden tests, trusted cases,
sample students, a current release); the checks are in course.check."""

from __future__ import annotations

import argparse

from course.commands import console, plain
from course.layout import course_root


def configure(subparsers) -> None:
    ch = subparsers.add_parser(
        "check",
        help="what an assignment still lacks: tests, hidden tests, trusted cases, sample "
        "students, an up-to-date release",
    )
    ch.add_argument("slugs", nargs="*", metavar="SLUG", help="default: every assignment")
    ch.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from course import check, schedule

    root = course_root()
    missing = 0
    for slug in args.slugs or schedule.COURSE_ORDER:
        findings = check.check(root, slug)
        missing += len(findings)
        for line in findings:
            console.print(plain(line, "red"), soft_wrap=True)
        if not findings:
            console.print(plain(f"{slug}: complete"))
    return 1 if missing else 0
