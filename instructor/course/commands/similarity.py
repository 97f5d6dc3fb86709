"""`course similarity SLUG [--top N]`: pairs of students with suspiciously alike code (AST
level; course.grading.similarity)."""

from __future__ import annotations

import argparse

from course.commands import console, plain
from course.layout import course_root


def configure(subparsers) -> None:
    m = subparsers.add_parser(
        "similarity",
        help="rank pairs of students whose graded functions match after renaming variables and "
        "dropping comments (reports/<slug>/similarity.html, code side by side)",
    )
    m.add_argument("slug")
    m.add_argument("--top", type=int, default=20, help="pairs to print (the report has all)")
    m.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from course.grading import similarity

    root = course_root()
    notes: list[str] = []
    students, reference = similarity.collect(root, args.slug, notes)
    for note in notes:
        console.print(plain(f"  not compared: {note}"), soft_wrap=True)
    if len(students) < 2:
        console.print(f"Fewer than two readable submissions of {args.slug}.", style="red")
        return 1
    pairs = similarity.compare(students, reference)
    path = similarity.write_report(root, args.slug, students, pairs, notes)
    flagged = similarity.suspicious(pairs)
    report_path = path.relative_to(root)
    console.print(f"{len(flagged)} of {len(pairs)} pairs look alike; report: {report_path}")
    for pair in flagged[: args.top]:
        functions = ", ".join(f"{name} {count}" for name, count in pair.functions.items())
        console.print(
            plain(
                f"  {pair.score:.2f}  {pair.first} / {pair.second}: {pair.shared} rare "
                f"sequences in common ({functions})"
            )
        )
    return 0
