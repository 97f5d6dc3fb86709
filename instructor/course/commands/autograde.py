"""`course autograde SLUG [--student ID] [--jobs N | --dask ADDRESS] [--no-resume]`: autograde
submitted/, print the scores, write reports/<slug>/grades.csv. ``grade`` and ``print_grades``
are shared with `course demo`."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.commands import console, plain
from course.grading import grades, sandbox
from course.grading.results import ClassResult
from course.grading.runner import Executor, Sequential, executor_for, grade_class
from course.layout import course_root


def configure(subparsers) -> None:
    a = subparsers.add_parser(
        "autograde", help="autograde submitted/*/<slug> and report the scores"
    )
    a.add_argument("slug")
    a.add_argument("--student", action="append", help="only this student (repeatable)")
    a.add_argument(
        "--no-resume",
        action="store_true",
        help="grade every submission again, even those graded in an earlier run",
    )
    where = a.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="grade on this many local worker processes (a Dask LocalCluster); 1: sequential",
    )
    where.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="grade on the Dask cluster at ADDRESS (tcp://host:8786); its workers must see the "
        "course folder at the same path",
    )
    a.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    result, log = grade(
        course_root(), args.slug, args.student or None, not args.no_resume, args.jobs, args.dask
    )
    failure = print_grades(result, log)
    if failure:
        console.print(plain(failure, "bold red"), soft_wrap=True)
    return 1 if failure else 0


def _grade_with_progress(
    root: Path, slug: str, students: list[str] | None, resume: bool, executor: Executor
) -> ClassResult:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    failures = 0
    columns = [
        TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[failures]} not graded"), TimeRemainingColumn(),
    ]  # fmt: skip
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("grading", total=None, failures=0)

        def on_done(result, done, total):
            nonlocal failures
            failures += result.status != "graded"
            bar.update(task, completed=done, total=total, failures=failures)

        console.print(f"on {executor}")
        return grade_class(root, slug, students, resume=resume, executor=executor, on_done=on_done)


def grade(
    root: Path,
    slug: str,
    students: list[str] | None,
    resume: bool = True,
    jobs: int = 1,
    address: str | None = None,
) -> tuple[ClassResult, str]:
    """Grade the class and write reports/<slug>/grades.csv (each submission's state is
    recorded as it finishes): the results are on disk before anything about them is printed.
    Returns the result and where its grading log is."""
    console.print(f"autograding {slug} (sandbox level: {sandbox.level()}) ...")
    executor = executor_for(jobs, address)
    if isinstance(executor, Sequential):
        result = grade_class(root, slug, students, resume=resume, executor=executor)
        log = f"reports/{slug}/autograde.log"
    else:
        result = _grade_with_progress(root, slug, students, resume, executor)
        log = f"reports/{slug}/workers/"
    grades.write_grades_csv(result, root / "reports" / slug / "grades.csv")
    return result, log


def print_grades(result: ClassResult, log: str) -> str | None:
    """Print the class's scores and problems; return the line saying why the run failed (the
    grader could not grade some submissions, or no submission at all was graded), or None."""
    grades.print_report(result, console)
    console.print(
        f"grades written to reports/{result.assignment}/grades.csv; nbgrader's log: {log}"
    )
    return grades.run_failure(result, log)
