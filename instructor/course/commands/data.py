"""`course data fetch | verify | rebuild-signs`: the data files; the subcommands and their
logic are in course.data."""

from __future__ import annotations

import argparse

from course import data as course_data


def configure(subparsers) -> None:
    data_parser = subparsers.add_parser("data", help="fetch, verify or rebuild the data files")
    course_data.configure_parser(data_parser)
    data_parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the subcommand chosen (``func``, set by course.data.configure_parser)."""
    return args.func(args)
