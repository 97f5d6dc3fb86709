"""`course feedback SLUG [--student ID]`: HTML feedback for the graded students, hidden tests
hidden (course.grading.feedback)."""

from __future__ import annotations

import argparse

from course.commands import console, plain
from course.grading.feedback import generate_feedback
from course.layout import course_root


def configure(subparsers) -> None:
    f = subparsers.add_parser(
        "feedback",
        help="write HTML feedback for graded students: points and first failing message per "
        "function, hidden tests and their values left out",
    )
    f.add_argument("slug")
    f.add_argument("--student", action="append", help="only this student (repeatable)")
    f.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = course_root()
    graded = sorted(p.parent.name for p in (root / "autograded").glob(f"*/{args.slug}"))
    students = args.student or graded
    missing = sorted(set(students) - set(graded))
    if missing:
        console.print(
            plain(
                f"Not graded yet for {args.slug}: {', '.join(missing)}. Run "
                f"`course autograde {args.slug}` first.",
                "red",
            )
        )
        return 1
    if not students:
        console.print(
            f"No graded submission of {args.slug}: run `course autograde` first.", style="red"
        )
        return 1
    errors = generate_feedback(root, args.slug, students)
    for student, error in errors.items():
        console.print(plain(f"{student}: no feedback ({error}).", "red"))
    console.print(
        f"feedback written for {len(students) - len(errors)} of {len(students)} students in "
        f"feedback/<student>/{args.slug}/ (nbgrader's log: reports/{args.slug}/feedback.log)"
    )
    return 1 if errors else 0
