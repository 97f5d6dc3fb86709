"""`course report SLUG`: what the class gets wrong, reports/<slug>/report.md and .html with
plots (course.grading.report)."""

from __future__ import annotations

import argparse

from course.commands import console, plain
from course.grading import grades
from course.grading.runner import grade_class
from course.layout import course_root, submitted_students


def configure(subparsers) -> None:
    r = subparsers.add_parser(
        "report",
        help="write reports/<slug>/report.md and .html: failure rate and most common failing "
        "messages per function, score histogram, suspected tampering",
    )
    r.add_argument("slug")
    r.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from course.grading import report

    root = course_root()
    if not submitted_students(root, args.slug):
        console.print(
            f"No submission of {args.slug} in submitted/: nothing to report.", style="red"
        )
        return 1
    # graded submissions come from the saved state; only new or changed ones are graded now
    result = grade_class(root, args.slug, resume=True)
    md_path, html_path = report.write_report(root, result)
    console.print(
        f"class report: {md_path.relative_to(root)} and {html_path.relative_to(root)} "
        "(with scores.png and failures.png)"
    )
    failure = grades.run_failure(result, f"reports/{args.slug}/autograde.log")
    if failure:
        console.print(plain(failure, "bold red"), soft_wrap=True)
    return 1 if failure else 0
