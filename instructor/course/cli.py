"""The `course` command: build releases, grade a class, run the demo, manage data.

course build [SLUG ...] [--execute]   generate release/<slug> with nbgrader
course sample-class SLUG              write the sample submissions into submitted/
course autograde SLUG [--student ID] [--jobs N | --dask ADDRESS]
                                      autograde submitted/, print scores, write a CSV
course feedback SLUG [--student ID]   HTML feedback for the graded students, hidden tests hidden
course report SLUG                    what the class gets wrong: Markdown + HTML with plots
course similarity SLUG                pairs of students with suspiciously alike code (AST level)
course collect SOURCE --assignment SLUG   LMS export (folder or zip) -> submitted/
course due SLUG WHEN                  record a due date (late penalty: 10% per started day)
course export [--out DIR]             grades of every assignment for an LMS gradebook (CSV)
course check [SLUG ...]               what an assignment lacks (tests, cases, samples, release)
course student-kit OUT [--through SLUG]   what students get: notebooks, wheel, README (+ zip)
course demo                           data, release, sample class, grades: end to end
course data fetch | verify | rebuild-signs
"""

from __future__ import annotations

import argparse
import sys

from course.commands import (
    autograde,
    build,
    check,
    collect,
    data,
    demo,
    due,
    export,
    feedback,
    report,
    sample_class,
    similarity,
    student_kit,
)

# In the order of `course --help`; each module adds its parser and runs its command.
COMMANDS = (
    build, sample_class, autograde, feedback, report, similarity, collect, due, export, check,
    student_kit, demo, data,
)  # fmt: skip


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="course", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.configure(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
