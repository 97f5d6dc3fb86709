"""`course sample-class SLUG [--size N]`: write the sample submissions into submitted/."""

from __future__ import annotations

import argparse

from course.commands import console
from course.grading import samples
from course.layout import course_root


def configure(subparsers) -> None:
    s = subparsers.add_parser("sample-class", help="write the sample submissions of an assignment")
    s.add_argument("slug")
    s.add_argument(
        "--size",
        type=int,
        default=0,
        help="generate a class of this many students cycling through the samples",
    )
    s.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = course_root()
    folder = samples.SAMPLE_CLASSES / args.slug
    if not folder.is_dir():
        console.print(f"No sample submissions for {args.slug} in {folder}.", style="red")
        return 1
    if args.size:
        students = samples.write_generated_class(root, args.slug, folder, args.size)
    else:
        students = samples.write_sample_class(root, args.slug, folder)
    console.print(f"wrote {len(students)} sample submissions to submitted/*/{args.slug}/")
    return 0
