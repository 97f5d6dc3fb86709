"""`course build [SLUG ...] [--execute]`: generate release/<slug> with nbgrader."""

from __future__ import annotations

import argparse

from course.commands import console
from course.grading import build as build_mod
from course.layout import course_root


def configure(subparsers) -> None:
    b = subparsers.add_parser(
        "build", help="generate release/<slug> from source/<slug> with nbgrader"
    )
    b.add_argument("slugs", nargs="*", help="assignments to build (default: all)")
    b.add_argument(
        "--execute",
        action="store_true",
        help="re-run the source notebooks first, refreshing the outputs nbval compares",
    )
    b.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    built = build_mod.build(course_root(), args.slugs, execute=args.execute)
    console.print(f"release generated for: {', '.join(built)}")
    return 0
