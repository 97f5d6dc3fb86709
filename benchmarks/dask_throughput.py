"""Grading throughput against the number of Dask workers, on one generated class.

    .venv/bin/python benchmarks/dask_throughput.py [--size 500] [--workers 1 2 4]

For each worker count, a fresh scratch copy of the course receives the same generated class
of conv_step_by_step (``size`` students cycling through every sample submission) and is graded
with ``runner.grade_class`` on a LocalCluster of that many single-threaded workers. Prints a
Markdown table: workers, wall time, submissions per minute, and the speed-up over one worker;
and checks that every run gives the same outcome. Before and after, it prints the machine's own
parallel capacity (``machine_scaling``, see parallel_autograde.py): a busy virtual-machine host
caps every speed-up in the table.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course import layout  # noqa: E402
from course.grading import build, samples  # noqa: E402
from course.grading.autograde import comparable_outcome  # noqa: E402
from course.grading.runner import LocalProcesses, grade_class  # noqa: E402

from benchmarks.parallel_autograde import machine_scaling  # noqa: E402

SLUG = "conv_step_by_step"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    rows, outcomes = [], []
    cores = os.cpu_count() or 1
    before = machine_scaling(cores)
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="dask-bench-") as scratch:
            root = layout.copy_course(REPO, Path(scratch) / "course", cell_timeout=10)
            build.build(root, [SLUG])
            variants = samples.SAMPLE_CLASSES / SLUG
            students = samples.write_generated_class(root, SLUG, variants, args.size)
            started = time.perf_counter()
            result = grade_class(
                root, SLUG, students, resume=False, executor=LocalProcesses(workers)
            )
            seconds = time.perf_counter() - started
            outcomes.append(comparable_outcome(result, root))
        rows.append((workers, seconds))
        print(f"{workers} workers: {seconds:.0f} s", flush=True)
    after = machine_scaling(cores)
    base = rows[0][1] * rows[0][0] if rows[0][0] == 1 else None
    same = all(o == outcomes[0] for o in outcomes)
    print(f"{args.size} submissions of {SLUG}; identical outcomes: {same}")
    print(f"machine_scaling({cores}): {before:.2f}x before, {after:.2f}x after")
    print("| workers | wall time | submissions / min | speed-up |")
    print("|---:|---:|---:|---:|")
    for workers, seconds in rows:
        speedup = f"{base / seconds:.2f}x" if base else "-"
        print(f"| {workers} | {seconds:.0f} s | {60 * args.size / seconds:.1f} | {speedup} |")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
