"""Parallel against sequential grading, measured in one run on the same class.

    .venv/bin/python benchmarks/parallel_autograde.py [--size 30] [--jobs 2]

Builds two scratch copies of the course with the same generated class of conv_step_by_step
(``size`` students cycling through every sample submission: correct, buggy, hostile, broken),
grades one sequentially (the course's nbgrader pipeline, one submission after the other) and
the other with ``course autograde --jobs N`` (a Dask LocalCluster), checks that every
student's status, scores, problems and tampering flags are identical, and prints the two wall
times and their ratio.
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

from assignments.grading import build, samples  # noqa: E402
from assignments.grading.autograde import autograde_class, comparable_outcome  # noqa: E402
from assignments.grading.parallel import autograde_parallel  # noqa: E402
from tests.conftest import copy_course  # noqa: E402

SLUG = "conv_step_by_step"


def _course(base: Path, name: str, size: int) -> tuple[Path, list[str]]:
    root = copy_course(base / name)
    build.build(root, [SLUG])
    students = samples.write_generated_class(root, SLUG, REPO / "tests/submissions" / SLUG, size)
    return root, students


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parallel-bench-") as scratch:
        base = Path(scratch)
        sequential_root, students = _course(base, "sequential", args.size)
        parallel_root, _ = _course(base, "parallel", args.size)
        started = time.perf_counter()
        sequential = autograde_class(sequential_root, SLUG, students, resume=False)
        sequential_s = time.perf_counter() - started
        started = time.perf_counter()
        parallel = autograde_parallel(parallel_root, SLUG, students, resume=False, jobs=args.jobs)
        parallel_s = time.perf_counter() - started
        same = comparable_outcome(sequential, sequential_root) == comparable_outcome(
            parallel, parallel_root
        )
        graded = sum(s.status == "graded" for s in parallel.submissions)
    print(f"class: {args.size} submissions of {SLUG} ({graded} gradable), {os.cpu_count()} CPUs")
    print(f"sequential: {sequential_s:.1f} s")
    print(f"parallel, {args.jobs} workers: {parallel_s:.1f} s")
    print(f"speed-up: {sequential_s / parallel_s:.2f}x; identical outcomes: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
