"""`course export [--out DIR]`: the grades of every assignment for an LMS gradebook (CSV)."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.commands import console
from course.grading import autograde as autograde_mod
from course.grading import build as build_mod
from course.grading import grades
from course.layout import course_root


def configure(subparsers) -> None:
    e = subparsers.add_parser(
        "export",
        help="write grades.csv (per student and assignment: points per function, total, late "
        "flag, penalty, final) and gradebook.csv (final score per assignment) for an LMS",
    )
    e.add_argument("--out", help="folder for the two files (default: reports/)")
    e.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = course_root()
    results = [
        r for slug in build_mod.slugs(root) if (r := autograde_mod.recorded_results(root, slug))
    ]
    if not results:
        console.print("Nothing graded yet: run `course autograde SLUG` first.", style="red")
        return 1
    out = Path(args.out) if args.out else root / "reports"
    long_path, wide_path = grades.write_export(results, out)
    console.print(f"grades of {len(results)} assignments: {long_path} and {wide_path}")
    return 0
