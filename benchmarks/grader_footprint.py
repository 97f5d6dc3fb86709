"""The grader's own memory and disk per submission, over a sample class of attacks and faults.

Each sample student of an assignment (default: conv_step_by_step, whose class holds the
attacks and faults of the README's table) is graded alone, by ``course autograde --student``
then ``course feedback --student``, in a fresh process; the figures per submission are

- the grader process's peak resident memory (``VmHWM``: nbgrader, nbclient, trusted
  verification's parent side; the student's kernel and trusted worker run in the sandbox
  under their own caps and are not counted);
- the bytes written for it: ``autograded/<student>/`` and ``feedback/<student>/``.

Run from the repository root (about 10 minutes on 2 cores):

    .venv/bin/python benchmarks/grader_footprint.py [--slug SLUG] [--students N]

It prints the machine, the date and one line per student, then the largest of each.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine  # noqa: E402


def grade_one(root: Path, slug: str, student: str) -> None:
    """In this process: grade and write feedback for one student, then print VmHWM."""
    from course import cli

    os.environ["COURSE_ROOT"] = str(root)
    cli.main(["autograde", slug, "--student", student])
    cli.main(["feedback", slug, "--student", student])
    status = Path("/proc/self/status").read_text()
    hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
    print("VMHWM_KB", int(hwm.split()[1]))


def size(folder: Path) -> int:
    return (
        sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--slug", default="conv_step_by_step")
    parser.add_argument("--students", type=int, default=0, help="only the first N (0: all)")
    parser.add_argument("--one", nargs=2, metavar=("ROOT", "STUDENT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        grade_one(Path(args.one[0]), args.slug, args.one[1])
        return 0

    from course import layout
    from course.grading import build, samples

    print(machine.describe())
    with tempfile.TemporaryDirectory() as tmp:
        root = layout.copy_course(REPO, Path(tmp), cell_timeout=10)
        build.build(root, [args.slug])
        students = samples.write_sample_class(root, args.slug, samples.SAMPLE_CLASSES / args.slug)
        if args.students:
            students = students[: args.students]
        worst = {"memory": (0, ""), "disk": (0, "")}
        for student in students:
            done = subprocess.run(
                [sys.executable, __file__, "--slug", args.slug, "--one", str(root), student],
                capture_output=True, text=True, cwd=REPO,
            )  # fmt: skip
            marks = [line for line in done.stdout.splitlines() if line.startswith("VMHWM_KB")]
            if done.returncode != 0 or not marks:
                print(f"{student}: the grading process failed\n{done.stderr[-2000:]}")
                return 1
            memory = int(marks[-1].split()[1]) * 1024
            disk = size(root / "autograded" / student) + size(root / "feedback" / student)
            submitted = size(root / "submitted" / student)
            print(
                f"{student:42s} grader peak {memory / 2**20:7.1f} MiB   written "
                f"{disk / 2**20:7.2f} MiB   (submitted {submitted / 2**10:6.1f} KiB)"
            )
            worst["memory"] = max(worst["memory"], (memory, student))
            worst["disk"] = max(worst["disk"], (disk, student))
        print(
            f"largest grader memory: {worst['memory'][0] / 2**20:.1f} MiB ({worst['memory'][1]}); "
            f"largest written: {worst['disk'][0] / 2**20:.2f} MiB ({worst['disk'][1]}); "
            f"{len(students)} submissions of {args.slug}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
