"""Score tables and CSV exports of an autograded class."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from course.grading.results import ClassResult, SubmissionResult, function_of

# Control characters other than tab and newline (ESC starts a terminal command), shown escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: object, style: str = "") -> Text:
    """``text`` to print as it is: rich markup (``[bold]``, ``[/]``) is not interpreted and
    terminal control characters are shown escaped (``\\x1b``), never sent to the terminal.
    Everything a student controls (ids, messages, reasons, file names) is printed through it:
    as markup, a ``[/]`` in it would raise rich's MarkupError and end the run."""
    return Text(_CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text)), style=style)


def _points(x: float) -> str:
    return f"{x:g}"


def score_table(result: ClassResult) -> Table:
    """One row per student, one column per graded function, then the total."""
    table = Table(title=plain(f"{result.assignment}: points per student and function"))
    table.add_column("student", no_wrap=True)
    for grade_id, points in result.max_scores.items():
        table.add_column(plain(f"{function_of(grade_id)}\n/{_points(points)}"), justify="right")
    table.add_column(f"total\n/{_points(result.max_total)}", justify="right")
    for sub in result.submissions:
        if sub.status != "graded":
            dashes = [plain("-")] * len(result.max_scores)
            table.add_row(plain(sub.student), *dashes, plain(sub.status))
            continue
        cells = [plain(_points(sub.scores.get(g, 0.0))) for g in result.max_scores]
        table.add_row(plain(sub.student), *cells, plain(_points(sub.total)))
    return table


def failure_counts(result: ClassResult) -> dict[str, int]:
    """How many graded students lost points on each function."""
    graded = [s for s in result.submissions if s.status == "graded"]
    return {
        function_of(g): sum(1 for s in graded if s.scores.get(g, 0.0) < points)
        for g, points in result.max_scores.items()
    }


def print_report(result: ClassResult, console: Console | None = None) -> None:
    """The score table, the functions the class gets wrong, and every problem found.
    Every text is printed as plain text (:func:`plain`), whatever ``console`` does with markup."""
    console = console or Console()
    console.print(score_table(result))
    graded = sum(1 for s in result.submissions if s.status == "graded")
    console.print(plain(f"{graded} of {len(result.submissions)} submissions graded."))
    console.print(plain("Students who lost points, per function:"))
    for name, count in failure_counts(result).items():
        console.print(plain(f"  {name:<26} {count:>4} / {graded}"))
    flagged = [(s.student, t) for s in result.submissions for t in s.tampering]
    if flagged:
        console.print(plain(f"{len(flagged)} suspected tampering case(s):", "bold red"))
        for student, line in flagged:
            console.print(plain(f"  - {student}: {line}"), soft_wrap=True)
    problems = [(s.student, p) for s in result.submissions for p in s.problems]
    if problems:
        console.print(plain(f"{len(problems)} problem(s) to look at:", "bold"))
        for student, problem in problems:
            console.print(plain(f"  - {student}: {problem}"), soft_wrap=True)


def run_failure(result: ClassResult, log: str) -> str | None:
    """Why a grading run failed, in one line, or None: submissions the grader could not grade
    (the grader or the machine failed, not the student's file; ``log`` says where to look), or
    no submission graded at all although there were some."""
    total = len(result.submissions)
    failed = sum(1 for s in result.submissions if s.grader_failure)
    if failed:
        return (
            f"{failed} of {total} submissions of {result.assignment} could not be graded because "
            f"of the grader: see {log}"
        )
    if total and not any(s.status == "graded" for s in result.submissions):
        return f"none of the {total} submissions of {result.assignment} could be graded: see above"
    return None


def _late_cells(sub: SubmissionResult) -> list[str]:
    """late, hours_late, penalty, final: empty for a submission that was not graded."""
    if sub.status != "graded":
        return ["", "", "", ""]
    return [
        "yes" if sub.seconds_late > 0 else "no",
        f"{sub.seconds_late / 3600:.2f}",
        _points(sub.penalty),
        _points(sub.final),
    ]


def write_grades_csv(result: ClassResult, path: Path) -> Path:
    """Write one row per student: status, points per function, total, maximum, problems."""
    path.parent.mkdir(parents=True, exist_ok=True)
    functions = [function_of(g) for g in result.max_scores]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "student",
                "assignment",
                "status",
                *functions,
                "total",
                "max",
                "late",
                "hours_late",
                "penalty",
                "final",
                "problems",
                "tampering",
            ]  # fmt: skip
        )
        for sub in result.submissions:
            scores = (
                [_points(sub.scores.get(g, 0.0)) for g in result.max_scores]
                if sub.status == "graded"
                else [""] * len(functions)
            )
            graded = sub.status == "graded"
            total = _points(sub.total) if graded else ""
            writer.writerow(
                [
                    sub.student,
                    result.assignment,
                    sub.status,
                    *scores,
                    total,
                    _points(result.max_total),
                    *_late_cells(sub),
                    " | ".join(sub.problems),
                    " | ".join(sub.tampering),
                ]
            )
    return path


def write_export(results: list[ClassResult], folder: Path) -> tuple[Path, Path]:
    """The course's grades for an LMS: ``grades.csv`` (one row per student and assignment,
    with the points of every function, the total, the late flag, the penalty and the final
    score) and ``gradebook.csv`` (one row per student, one column of final scores per
    assignment, empty where nothing was graded)."""
    folder.mkdir(parents=True, exist_ok=True)
    long_path, wide_path = folder / "grades.csv", folder / "gradebook.csv"
    finals: dict[str, dict[str, str]] = {}
    with long_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([
            "student", "assignment", "status", "points", "total", "max", "late", "hours_late",
            "penalty", "final",
        ])  # fmt: skip
        for result in results:
            for sub in result.submissions:
                graded = sub.status == "graded"
                points = "; ".join(
                    f"{function_of(g)}={_points(sub.scores.get(g, 0.0))}" for g in result.max_scores
                )
                writer.writerow([
                    sub.student, result.assignment, sub.status, points if graded else "",
                    _points(sub.total) if graded else "", _points(result.max_total),
                    *_late_cells(sub),
                ])  # fmt: skip
                if graded:
                    finals.setdefault(sub.student, {})[result.assignment] = _points(sub.final)
    assignments = [r.assignment for r in results]
    with wide_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", *assignments])
        for student in sorted(finals):
            writer.writerow([student, *(finals[student].get(a, "") for a in assignments)])
    return long_path, wide_path
