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
from pathlib import Path

from rich.console import Console

from assignments import data
from course import data as course_data
from course.grading import autograde as autograde_mod
from course.grading import build as build_mod
from course.grading import report, samples, sandbox
from course.grading.autograde import ClassResult, autograde_class, generate_feedback
from course.layout import course_root

# Score tables are wide: never squeeze them into a narrow or missing terminal. No markup: much
# of what is printed comes from students (ids, messages, file names), and a "[/]" in it would
# be an error as markup; colours are given as styles, student text goes through report.plain.
console = Console(width=max(160, Console().width), markup=False)
plain = report.plain


def cmd_build(args: argparse.Namespace) -> int:
    built = build_mod.build(course_root(), args.slugs, execute=args.execute)
    console.print(f"release generated for: {', '.join(built)}")
    return 0


def cmd_sample_class(args: argparse.Namespace) -> int:
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


def _grade_in_parallel(
    root: Path, slug: str, students: list[str] | None, resume: bool, jobs: int, address: str | None
):
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from course.grading.parallel import autograde_parallel

    where = f"the Dask cluster at {address}" if address else f"{jobs} local workers"
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

        console.print(f"on {where}")
        return autograde_parallel(
            root, slug, students, resume=resume, jobs=jobs, address=address, on_done=on_done
        )


def _grade(
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
    if jobs > 1 or address:
        result = _grade_in_parallel(root, slug, students, resume, jobs, address)
        log = f"reports/{slug}/workers/"
    else:
        result = autograde_class(root, slug, students, resume=resume)
        log = f"reports/{slug}/autograde.log"
    report.write_grades_csv(result, root / "reports" / slug / "grades.csv")
    return result, log


def _print_grades(result: ClassResult, log: str) -> str | None:
    """Print the class's scores and problems; return the line saying why the run failed (the
    grader could not grade some submissions, or no submission at all was graded), or None."""
    report.print_report(result, console)
    console.print(
        f"grades written to reports/{result.assignment}/grades.csv; nbgrader's log: {log}"
    )
    return report.run_failure(result, log)


def cmd_autograde(args: argparse.Namespace) -> int:
    result, log = _grade(
        course_root(), args.slug, args.student or None, not args.no_resume, args.jobs, args.dask
    )
    failure = _print_grades(result, log)
    if failure:
        console.print(plain(failure, "bold red"), soft_wrap=True)
    return 1 if failure else 0


def cmd_demo(args: argparse.Namespace) -> int:
    root = course_root()
    console.rule("1. data: fetch and verify every file")
    results = data.fetch_all()
    for r in results:
        console.print(f"  {r.name:<22} {r.status}")
    console.rule("2. build the student releases")
    built = build_mod.build(root)
    console.print(f"release generated for: {', '.join(built)}")
    from course.grading import analytics

    results, failures = [], []
    for slug in built:
        folder = samples.SAMPLE_CLASSES / slug
        if not folder.is_dir():
            continue
        console.rule(f"3. sample class of {slug}: submit, autograde, report")
        students = samples.write_sample_class(root, slug, folder)
        result, log = _grade(root, slug, students)
        md_path, _ = analytics.write_report(root, result)
        failures += [line] if (line := _print_grades(result, log)) else []
        console.print(f"class report: {md_path.relative_to(root)} (and report.html)")
        results.append(result)
    console.rule("4. grades of every assignment for the LMS")
    long_path, wide_path = report.write_export(results, root / "reports")
    console.print(f"{long_path.relative_to(root)} and {wide_path.relative_to(root)}")
    if failures:
        console.print(
            plain("course demo failed: " + "; ".join(failures), "bold red"), soft_wrap=True
        )
    return 1 if failures else 0


def cmd_feedback(args: argparse.Namespace) -> int:
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


def cmd_report(args: argparse.Namespace) -> int:
    from course.grading import analytics

    root = course_root()
    if not autograde_mod.submitted_students(root, args.slug):
        console.print(
            f"No submission of {args.slug} in submitted/: nothing to report.", style="red"
        )
        return 1
    # graded submissions come from the saved state; only new or changed ones are graded now
    result = autograde_class(root, args.slug, None, resume=True)
    md_path, html_path = analytics.write_report(root, result)
    console.print(
        f"class report: {md_path.relative_to(root)} and {html_path.relative_to(root)} "
        "(with scores.png and failures.png)"
    )
    failure = report.run_failure(result, f"reports/{args.slug}/autograde.log")
    if failure:
        console.print(plain(failure, "bold red"), soft_wrap=True)
    return 1 if failure else 0


def cmd_similarity(args: argparse.Namespace) -> int:
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


def cmd_collect(args: argparse.Namespace) -> int:
    from course.grading.collect import collect

    root = course_root()
    try:
        outcome = collect(root, args.assignment, Path(args.source), args.pattern)
    except (FileNotFoundError, ValueError) as err:
        console.print(plain(err, "red"))
        return 1
    console.print(
        f"placed {len(outcome.placed)} submissions in submitted/<student>/{args.assignment}/"
    )
    for line in outcome.skipped:
        console.print(plain("  not placed ", "yellow") + plain(line), soft_wrap=True)
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    root = course_root()
    try:
        stored = autograde_mod.set_due_date(root, args.slug, args.when)
    except (ValueError, OverflowError) as err:
        example = "2026-12-01 23:59 UTC"
        console.print(plain(f"Not a date: {args.when!r} ({err}). Example: {example}"))
        return 1
    console.print(f"{args.slug} is due {stored}; regrade (course autograde --no-resume) to apply")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    root = course_root()
    results = [
        r for slug in build_mod.slugs(root) if (r := autograde_mod.recorded_results(root, slug))
    ]
    if not results:
        console.print("Nothing graded yet: run `course autograde SLUG` first.", style="red")
        return 1
    out = Path(args.out) if args.out else root / "reports"
    long_path, wide_path = report.write_export(results, out)
    console.print(f"grades of {len(results)} assignments: {long_path} and {wide_path}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from course import check, schedule

    root = course_root()
    missing = 0
    for slug in args.slugs or schedule.COURSE_ORDER:
        findings = check.check(root, slug)
        missing += len(findings)
        for line in findings:
            console.print(plain(line, "red"), soft_wrap=True)
        if not findings:
            console.print(plain(f"{slug}: complete"))
    return 1 if missing else 0


def cmd_student_kit(args: argparse.Namespace) -> int:
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="course", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="generate release/<slug> from source/<slug> with nbgrader")
    b.add_argument("slugs", nargs="*", help="assignments to build (default: all)")
    b.add_argument(
        "--execute",
        action="store_true",
        help="re-run the source notebooks first, refreshing the outputs nbval compares",
    )
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("sample-class", help="write the sample submissions of an assignment")
    s.add_argument("slug")
    s.add_argument(
        "--size",
        type=int,
        default=0,
        help="generate a class of this many students cycling through the samples",
    )
    s.set_defaults(func=cmd_sample_class)

    a = sub.add_parser("autograde", help="autograde submitted/*/<slug> and report the scores")
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
    a.set_defaults(func=cmd_autograde)

    f = sub.add_parser(
        "feedback",
        help="write HTML feedback for graded students: points and first failing message per "
        "function, hidden tests and their values left out",
    )
    f.add_argument("slug")
    f.add_argument("--student", action="append", help="only this student (repeatable)")
    f.set_defaults(func=cmd_feedback)

    r = sub.add_parser(
        "report",
        help="write reports/<slug>/report.md and .html: failure rate and most common failing "
        "messages per function, score histogram, suspected tampering",
    )
    r.add_argument("slug")
    r.set_defaults(func=cmd_report)

    m = sub.add_parser(
        "similarity",
        help="rank pairs of students whose graded functions match after renaming variables and "
        "dropping comments (reports/<slug>/similarity.html, code side by side)",
    )
    m.add_argument("slug")
    m.add_argument("--top", type=int, default=20, help="pairs to print (the report has all)")
    m.set_defaults(func=cmd_similarity)

    c = sub.add_parser(
        "collect",
        help="import an LMS export (a folder or a zip of one notebook per student, the id in "
        "the file name) into submitted/, with nbgrader timestamps; reports files not placed",
    )
    c.add_argument("source", help="folder or .zip of the students' notebooks")
    c.add_argument("--assignment", required=True, help="the assignment (slug) they submitted")
    c.add_argument(
        "--pattern",
        default=r"^(?P<student>[^_]+)",
        help="regular expression with a group named student, matched against the file name "
        "(default: the text before the first underscore)",
    )
    c.set_defaults(func=cmd_collect)

    u = sub.add_parser("due", help="record the due date of an assignment in the gradebook")
    u.add_argument("slug")
    u.add_argument("when", help='e.g. "2026-12-01 23:59:00 UTC" or 2026-12-01T23:59:00+01:00')
    u.set_defaults(func=cmd_due)

    e = sub.add_parser(
        "export",
        help="write grades.csv (per student and assignment: points per function, total, late "
        "flag, penalty, final) and gradebook.csv (final score per assignment) for an LMS",
    )
    e.add_argument("--out", help="folder for the two files (default: reports/)")
    e.set_defaults(func=cmd_export)

    ch = sub.add_parser(
        "check",
        help="what an assignment still lacks: tests, hidden tests, trusted cases, sample "
        "students, an up-to-date release",
    )
    ch.add_argument("slugs", nargs="*", metavar="SLUG", help="default: every assignment")
    ch.set_defaults(func=cmd_check)

    k = sub.add_parser(
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
    k.set_defaults(func=cmd_student_kit)

    d = sub.add_parser("demo", help="fetch data, build releases, grade the sample class")
    d.set_defaults(func=cmd_demo)

    data_parser = sub.add_parser("data", help="fetch, verify or rebuild the data files")
    course_data.configure_parser(data_parser)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
