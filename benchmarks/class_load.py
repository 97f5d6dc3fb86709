"""Load and recovery run: grade a generated class, kill the grader half-way, resume.

    .venv/bin/python benchmarks/class_load.py [--size 200] [--kill-after 100]

Builds a scratch copy of the course, generates ``size`` students cycling through every sample
submission of conv_step_by_step (correct, buggy, hostile, broken), starts ``course autograde``,
sends it SIGKILL once ``kill-after`` submissions are recorded, runs it again, and checks:
every student graded exactly once in the gradebook, nothing lost, every score equal to the
uninterrupted outcome of its variant (course/sample_classes/conv_step_by_step/expected_scores.toml,
asserted by the sample-class test), and no sandbox process left behind. Prints one summary.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course import layout  # noqa: E402
from course.grading import build, samples  # noqa: E402
from course.grading.runner import grade_class  # noqa: E402

SLUG = "conv_step_by_step"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200)
    parser.add_argument("--kill-after", type=int, default=100)
    args = parser.parse_args()

    root = layout.copy_course(REPO, Path(tempfile.mkdtemp(prefix="class-load-")), cell_timeout=10)
    build.build(root)
    folder = samples.SAMPLE_CLASSES / SLUG
    students = samples.write_generated_class(root, SLUG, folder, args.size)
    expected = tomllib.loads((folder / "expected_scores.toml").read_text())
    state = root / "reports" / SLUG / "state"

    started = time.monotonic()
    run = subprocess.Popen(
        [sys.executable, "-m", "course.cli", "autograde", SLUG],
        cwd=root, env={**os.environ, "COURSE_ROOT": str(root)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    while len(list(state.glob("*.json"))) < args.kill_after and run.poll() is None:
        time.sleep(0.5)
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    killed_at = len(list(state.glob("*.json")))
    first_part = time.monotonic() - started
    time.sleep(2)
    leftovers = subprocess.run(
        ["pgrep", "-f", "course.grading.sandbox|ipykernel_launcher|trusted_worker"],
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip

    resumed = time.monotonic()
    result = grade_class(root, SLUG)
    second_part = time.monotonic() - resumed

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        ids = [s.student.id for s in gb.assignment_submissions(SLUG)]
    wrong = []
    for sub in result.submissions:
        variant = sub.student.split("-", 1)[1]
        if variant in expected["not_graded"]:
            ok = sub.status == "not graded"
        else:
            want = [float(x) for x in expected["graded"][variant]]
            ok = sub.status == "graded" and [sub.scores[g] for g in result.max_scores] == want
        if not ok:
            wrong.append(sub.student)
    graded = [s.student for s in result.submissions if s.status == "graded"]
    print(
        f"class of {len(students)} ({len(graded)} gradable), killed after {killed_at} "
        f"recorded submissions ({first_part:.0f} s), resumed and finished in {second_part:.0f} s"
    )
    print(f"gradebook submissions: {len(ids)} (distinct {len(set(ids))}); "
          f"lost: {len(set(graded) - set(ids))}; scores differing from the uninterrupted "
          f"outcome: {len(wrong)} {wrong[:5]}; sandbox processes left after the kill: "
          f"{len(leftovers)}")  # fmt: skip
    shutil.rmtree(root, ignore_errors=True)
    return 0 if not wrong and len(ids) == len(set(ids)) == len(graded) and not leftovers else 1


if __name__ == "__main__":
    sys.exit(main())
