"""A grading run killed with SIGKILL resumes where it stopped, with the same final grades.

A generated class (students cycling through the sample variants) is graded by the `course`
command in a subprocess, killed once three submissions are recorded, and graded again.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib

import pytest
from course.grading import build, samples
from course.grading.runner import grade_class

from tests.conftest import copy_course

SLUG = "conv_step_by_step"
VARIANTS = [
    "reference", "blank", "conv_forward_ignores_stride", "attack_patch_checks", "fault_os_exit",
    "corrupt_json", "cells_moved_renamed", "float_bias_numpy2",
]  # fmt: skip


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("resume"))
    folder = tmp_path_factory.mktemp("resume-variants")  # the chosen sample students only
    for name in VARIANTS:
        shutil.copy(samples.SAMPLE_CLASSES / SLUG / f"{name}.py", folder / f"{name}.py")
    build.build(root, [SLUG])
    students = samples.write_generated_class(root, SLUG, folder, 10)
    return root, students


def _sandbox_processes() -> set[int]:
    """Grading kernels and trusted-verification workers alive on the machine (the test counts
    only those that appeared during its run: another grading run may be going on beside)."""
    found = subprocess.run(
        ["pgrep", "-f", "course.grading.sandbox|ipykernel_launcher|trusted_worker"],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return {int(pid) for pid in found.split()}


def test_killed_run_resumes_and_matches_an_uninterrupted_run(course):
    root, students = course
    state = root / "reports" / SLUG / "state"
    env = {**os.environ, "COURSE_ROOT": str(root)}
    others = _sandbox_processes()
    run = subprocess.Popen(
        [sys.executable, "-m", "course.cli", "autograde", SLUG],
        cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 300
    while len(list(state.glob("*.json"))) < 3:
        assert run.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    done_before = {p.name: p.stat().st_mtime_ns for p in state.glob("*.json")}
    assert 3 <= len(done_before) < len(students)

    time.sleep(2)  # the sandboxes die with their launcher (PR_SET_PDEATHSIG)
    assert _sandbox_processes() - others == set()

    result = grade_class(root, SLUG)
    # what was recorded before the kill was not graded again
    assert {
        p.name: p.stat().st_mtime_ns for p in state.glob("*.json") if p.name in done_before
    } == (done_before)
    expected = tomllib.loads((samples.SAMPLE_CLASSES / SLUG / "expected_scores.toml").read_text())
    got = {s.student: s for s in result.submissions}
    assert sorted(got) == sorted(students)
    for student in students:
        variant = student.split("-", 1)[1]
        if variant in expected["not_graded"]:
            assert got[student].status == "not graded"
        else:
            assert got[student].status == "graded"
            assert [got[student].scores[g] for g in result.max_scores] == [
                float(x) for x in expected["graded"][variant]
            ], student

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        ids = [s.student.id for s in gb.assignment_submissions(SLUG)]
    assert sorted(ids) == sorted(s for s in students if got[s].status == "graded")
    assert len(ids) == len(set(ids))
