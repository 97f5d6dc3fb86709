"""Parallel grading on a Dask LocalCluster of two workers: the same outcome as sequential."""

from __future__ import annotations

import os

import pytest
from course.grading.autograde import comparable_outcome
from course.grading.runner import LocalProcesses, grade_class

from tests.conftest import CONV, SMALL_CLASS, small_class


@pytest.fixture(scope="module")
def graded(tmp_path_factory, sequential_small_class):
    sequential_root, students, sequential = sequential_small_class
    parallel_root, _ = small_class(tmp_path_factory, "parallel", SMALL_CLASS)
    progress = []
    environment = dict(os.environ)
    parallel = grade_class(
        parallel_root, CONV, students, executor=LocalProcesses(2),
        on_done=lambda result, done, total: progress.append((result.student, done, total)),
    )  # fmt: skip
    # Dask's nannies set OPENBLAS_NUM_THREADS=1 and more in the parent's environment: kernels
    # started later (nbval's) would run single-threaded and round differently. Only
    # COURSE_ROOT may change: grading points it at the course it grades.
    changed = {k for k in {*os.environ, *environment} if os.environ.get(k) != environment.get(k)}
    assert changed <= {"COURSE_ROOT"}
    return sequential_root, sequential, parallel_root, parallel, progress, students


def test_two_workers_give_the_sequential_runs_outcome(graded):
    sequential_root, sequential, parallel_root, parallel, _, students = graded
    assert [s.student for s in parallel.submissions] == students
    assert comparable_outcome(parallel, parallel_root) == comparable_outcome(
        sequential, sequential_root
    )
    assert parallel.max_scores == sequential.max_scores
    totals = {s.student: s.total for s in parallel.submissions if s.status == "graded"}
    assert totals == {
        "attack-patch-checks": 12.0, "blank": 0.0, "conv-forward-ignores-stride": 12.0,
        "fault-os-exit": 14.0, "pool-backward-wrong-slicing": 12.0, "reference": 15.0,
    }  # fmt: skip


def test_progress_is_reported_for_every_submission(graded):
    _, _, _, _, progress, students = graded
    assert sorted(student for student, _, _ in progress) == sorted(students)
    assert [done for _, done, _ in progress] == list(range(1, len(students) + 1))
    assert {total for _, _, total in progress} == {len(students)}


def test_a_second_run_grades_nothing_again(graded):
    _, _, parallel_root, parallel, _, students = graded
    again = grade_class(parallel_root, CONV, students, executor=LocalProcesses(2))
    assert comparable_outcome(again, parallel_root) == comparable_outcome(parallel, parallel_root)
    assert [s.seconds for s in again.submissions] == [s.seconds for s in parallel.submissions]


def test_a_full_regrade_keeps_every_verdict(graded):
    """Regrading everyone again (no resume) gives the same outcome: the zero that trusted
    verification wrote into the gradebook last time does not hide the tampering this time."""
    _, _, parallel_root, parallel, _, students = graded
    again = grade_class(parallel_root, CONV, students, executor=LocalProcesses(2), resume=False)
    assert comparable_outcome(again, parallel_root) == comparable_outcome(parallel, parallel_root)
    flagged = {s.student: s.overridden for s in again.submissions if s.overridden}
    assert flagged == {"attack-patch-checks": ["test_conv_forward"]}
