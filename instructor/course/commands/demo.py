"""`course demo`: data, release, sample class, grades: end to end."""

from __future__ import annotations

import argparse

from assignments import data
from course.commands import console, plain
from course.commands.autograde import grade, print_grades
from course.grading import build as build_mod
from course.grading import grades, samples
from course.layout import course_root


def configure(subparsers) -> None:
    d = subparsers.add_parser("demo", help="fetch data, build releases, grade the sample class")
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root = course_root()
    console.rule("1. data: fetch and verify every file")
    results = data.fetch_all()
    for r in results:
        console.print(f"  {r.name:<22} {r.status}")
    console.rule("2. build the student releases")
    built = build_mod.build(root)
    console.print(f"release generated for: {', '.join(built)}")
    from course.grading import report

    results, failures = [], []
    for slug in built:
        folder = samples.SAMPLE_CLASSES / slug
        if not folder.is_dir():
            continue
        console.rule(f"3. sample class of {slug}: submit, autograde, report")
        students = samples.write_sample_class(root, slug, folder)
        result, log = grade(root, slug, students)
        md_path, _ = report.write_report(root, result)
        failures += [line] if (line := print_grades(result, log)) else []
        console.print(f"class report: {md_path.relative_to(root)} (and report.html)")
        results.append(result)
    console.rule("4. grades of every assignment for the LMS")
    long_path, wide_path = grades.write_export(results, root / "reports")
    console.print(f"{long_path.relative_to(root)} and {wide_path.relative_to(root)}")
    if failures:
        console.print(
            plain("course demo failed: " + "; ".join(failures), "bold red"), soft_wrap=True
        )
    return 1 if failures else 0
