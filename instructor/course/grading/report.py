"""What the class gets wrong: per-function failure rates, the most common failing messages,
the score histogram and the suspected tampering, as a Markdown and an HTML report.

The messages are those a student sees in the feedback (:func:`feedback.first_failure`): the
first failing check of the visible tests, or "the hidden tests failed"; never a hidden test's
own message, which may quote hidden values. They are read from the autograded notebooks that
nbgrader wrote, so the report needs no second grading run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import mistune  # noqa: E402
import nbformat  # noqa: E402

from course.grading.cells import grade_id, nbgrader_meta  # noqa: E402
from course.grading.feedback import first_failure  # noqa: E402
from course.grading.results import ClassResult, function_of  # noqa: E402

TOP_MESSAGES = 3
MESSAGE_CHARS = 200


@dataclass
class FunctionStats:
    """How the graded students did on one graded function."""

    name: str
    points: float
    graded: int  # graded submissions
    failed: int  # of which lost points on this function
    mean: float  # mean points
    messages: list[tuple[str, int]]  # most common failing messages first, with their counts

    @property
    def failure_rate(self) -> float:
        return self.failed / self.graded if self.graded else 0.0


def _messages(root: Path, result: ClassResult) -> dict[str, Counter]:
    """First failing message of every grade cell, counted over the graded submissions."""
    found: dict[str, Counter] = {g: Counter() for g in result.max_scores}
    for sub in result.submissions:
        if sub.status != "graded":
            continue
        path = root / "autograded" / sub.student / result.assignment / f"{result.notebook}.ipynb"
        if not path.exists():
            continue
        for cell in nbformat.read(path, as_version=4).cells:
            gid = grade_id(cell)
            if gid in found and nbgrader_meta(cell).get("grade"):
                message = first_failure(cell)
                if message and sub.scores.get(gid, 0.0) < result.max_scores[gid]:
                    found[gid][message[:MESSAGE_CHARS]] += 1
    return found


def function_stats(root: Path, result: ClassResult) -> list[FunctionStats]:
    """One entry per graded function, in the notebook's order."""
    graded = [s for s in result.submissions if s.status == "graded"]
    messages = _messages(root, result)
    stats = []
    for gid, points in result.max_scores.items():
        earned = [s.scores.get(gid, 0.0) for s in graded]
        stats.append(
            FunctionStats(
                name=function_of(gid),
                points=points,
                graded=len(graded),
                failed=sum(1 for e in earned if e < points),
                mean=sum(earned) / len(earned) if earned else 0.0,
                messages=messages[gid].most_common(TOP_MESSAGES),
            )
        )
    return stats


def _plot_scores(result: ClassResult, path: Path) -> None:
    totals = [s.total for s in result.submissions if s.status == "graded"]
    figure, ax = plt.subplots(figsize=(6, 3.5))
    top = int(result.max_total)
    ax.hist(totals, bins=[x - 0.5 for x in range(top + 2)], edgecolor="black")
    ax.set_xlabel(f"total points (of {result.max_total:g})")
    ax.set_ylabel("students")
    ax.set_title(f"{result.assignment}: scores of {len(totals)} graded submissions")
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(figure)


def _plot_failures(stats: list[FunctionStats], assignment: str, path: Path) -> None:
    figure, ax = plt.subplots(figsize=(6, 0.5 + 0.4 * len(stats)))
    names = [s.name for s in stats][::-1]
    ax.barh(names, [100 * s.failure_rate for s in stats][::-1])
    ax.set_xlim(0, 100)
    ax.set_xlabel("students who lost points (%)")
    ax.set_title(f"{assignment}: failure rate per function")
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(figure)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    """``text`` fit for a Markdown code span inside a table cell."""
    return _cell(text).replace("`", "'")


def markdown(result: ClassResult, stats: list[FunctionStats]) -> str:
    """The report's Markdown (the figures are referenced as scores.png and failures.png)."""
    graded = [s for s in result.submissions if s.status == "graded"]
    totals = sorted(s.total for s in graded)
    lines = [f"# {result.assignment}: class report", ""]
    lines.append(
        f"{len(result.submissions)} submissions, {len(graded)} graded, "
        f"{len(result.submissions) - len(graded)} not graded."
    )
    if totals:
        mean = sum(totals) / len(totals)
        median = totals[len(totals) // 2] if len(totals) % 2 else (
            totals[len(totals) // 2 - 1] + totals[len(totals) // 2]) / 2  # fmt: skip
        lines.append(
            f"Total points: mean {mean:.2f}, median {median:g}, of {result.max_total:g}; "
            f"{sum(1 for t in totals if t == result.max_total)} full marks."
        )
    lines += ["", "![score histogram](scores.png)", "", "## Functions", ""]
    lines += ["| function | points | mean | lost points | most common failing messages |"]
    lines += ["|---|---:|---:|---:|---|"]
    for s in stats:
        common = "; ".join(f"{count} x `{_code(m)}`" for m, count in s.messages) or "-"
        lines.append(
            f"| {s.name} | {s.points:g} | {s.mean:.2f} | {s.failed} / {s.graded} "
            f"({100 * s.failure_rate:.0f}%) | {common} |"
        )
    lines += ["", "![failure rate per function](failures.png)", "", "## Suspected tampering", ""]
    flagged = [(s.student, t) for s in result.submissions for t in s.tampering]
    lines += [f"- {student}: {_cell(line)}" for student, line in flagged] or ["None."]
    lines += ["", "## Problems found while grading", ""]
    problems = [(s.student, p) for s in result.submissions for p in s.problems]
    lines += [f"- {student}: {_cell(p)}" for student, p in problems] or ["None."]
    return "\n".join(lines) + "\n"


def write_report(root: Path, result: ClassResult, out_dir: Path | None = None) -> tuple[Path, Path]:
    """Write report.md, report.html, scores.png and failures.png; return the two reports."""
    out_dir = out_dir or root / "reports" / result.assignment
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = function_stats(root, result)
    _plot_scores(result, out_dir / "scores.png")
    _plot_failures(stats, result.assignment, out_dir / "failures.png")
    text = markdown(result, stats)
    md_path = out_dir / "report.md"
    md_path.write_text(text, encoding="utf-8")
    # escape=True: student ids and quoted exception messages are data, never HTML
    body = mistune.create_markdown(plugins=["table"], escape=True)(text)
    html = (
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'>"
        f"<title>{result.assignment}: class report</title>"
        "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;"
        "vertical-align:top}code{font-size:90%}</style></head><body>\n"
        f"{body}</body></html>\n"
    )
    html_path = out_dir / "report.html"
    html_path.write_text(html, encoding="utf-8")
    return md_path, html_path
