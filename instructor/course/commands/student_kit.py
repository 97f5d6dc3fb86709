"""`course student-kit OUT [--through SLUG]`: what students get (notebooks, wheel, README, and
a zip); the kit is built by course.kit."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.commands import console, plain
from course.layout import course_root


def configure(subparsers) -> None:
    k = subparsers.add_parser(
        "student-kit",
        help="write what students get (release notebooks in course order, the student "
        "package's wheel, a student README) as a folder and a zip",
    )
    k.add_argument("out", help="the kit's folder (replaced); OUT.zip is written beside it")
    k.add_argument(
        "--through",
        metavar="SLUG",
        help="only the assignments up to SLUG in course order (default: all); the wheel then "
        "holds no helper that answers SLUG or a later assignment",
    )
    k.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from course import kit, schedule

    root = course_root()
    try:
        folder, archive = kit.build_kit(root, Path(args.out).absolute(), args.through)
    except (kit.KitError, ValueError) as err:
        console.print(plain(f"course student-kit: {err}", "red"), soft_wrap=True)
        return 1
    slugs = schedule.through(args.through)
    console.print(plain(f"student kit with {len(slugs)} assignments ({', '.join(slugs)}):"))
    console.print(plain(f"  {folder}/ and {archive}"))
    return 0
