"""`course student-kit OUT [--through SLUG]`: what students get, and nothing else.

The kit is a folder (and the same as a zip beside it)::

    OUT/
        README.md                    install, open in JupyterLab, validate, submit
        requirements.txt             the versions the course is tested with
        wheels/dl_course_assignments-<version>-py3-none-any.whl
        notebooks/<slug>/<notebook>.ipynb   the release notebooks, in course order

The wheel is the student package as it stands once SLUG is open (course.schedule): modules
that answer a graded function of an open or later assignment are not in it. The notebooks
are the committed release (``release/``), byte for byte. Nothing of the instructor side goes
in: no source notebook, hidden test, trusted case, sample submission or grader code.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course import schedule
from course.layout import release_notebook

STUDENT_DISTRIBUTION = "dl-course-assignments"
# What students run the notebooks with: the package's imports and the editors. Versions come
# from the course's requirements.txt (the set CI tests).
STUDENT_REQUIREMENTS = (
    "numpy", "h5py", "scipy", "matplotlib", "pillow", "threadpoolctl", "jupyterlab", "notebook",
)  # fmt: skip


class KitError(Exception):
    """A kit that cannot be built (a missing release, a failed wheel build)."""


def _pins(requirements: Path) -> dict[str, str]:
    """``name -> version`` of the pinned lines of a requirements file."""
    pins = {}
    for line in requirements.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line.strip())
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def student_requirements(root: Path) -> str:
    """The kit's requirements.txt: the student's packages at the course's pinned versions."""
    pins = _pins(root / "requirements.txt")
    missing = [name for name in STUDENT_REQUIREMENTS if name not in pins]
    if missing:
        raise KitError(f"requirements.txt pins no version of {', '.join(missing)}.")
    lines = ["# The versions the course is tested with (install them before the course's wheel)."]
    return "\n".join(lines + [f"{name}=={pins[name]}" for name in STUDENT_REQUIREMENTS]) + "\n"


def _release_notebooks(root: Path, slugs: list[str]) -> list[Path]:
    try:
        return [release_notebook(root, slug) for slug in slugs]
    except FileNotFoundError as err:
        raise KitError(str(err)) from None


def build_wheel(root: Path, through: str | None, out: Path) -> Path:
    """Build the student package's wheel, as it stands once ``through`` is open, into
    ``out``; its path."""
    package = root / "assignments"
    with tempfile.TemporaryDirectory(prefix="student-wheel-") as tmp:
        stage = Path(tmp)
        for path in schedule.package_files(package, through):
            target = stage / "assignments" / path.relative_to(package)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)  # the manifest link becomes the file it points to
        shutil.copyfile(root / "pyproject.toml", stage / "pyproject.toml")
        out.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
             "--no-build-isolation", "--wheel-dir", str(out), str(stage)],
            capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise KitError(f"building the student wheel failed:\n{done.stderr[-3000:]}")
    wheels = sorted(out.glob("dl_course_assignments-*.whl"))
    if len(wheels) != 1:
        raise KitError(f"expected one student wheel in {out}, found {len(wheels)}.")
    return wheels[0]


def readme(notebooks: list[Path], wheel: str, pins: dict[str, str]) -> str:
    """The student README of the kit."""
    listing = "\n".join(
        f"{i}. `notebooks/{nb.parent.name}/{nb.name}`" for i, nb in enumerate(notebooks, 1)
    )
    return f"""# Deep learning in numpy: your assignment kit

This kit holds the assignment notebooks you have so far and the course's Python package
(`assignments`: data loaders, plots and the checks that the notebooks' tests use).

{listing}

## 1. Install (once)

You need Python 3.11 or newer. In a terminal, in this folder:

    python3 -m venv .venv
    source .venv/bin/activate          # Windows: .venv\\Scripts\\activate
    pip install -r requirements.txt
    pip install wheels/{wheel}

A later kit comes with a newer wheel: install it the same way (`pip install --force-reinstall
wheels/...whl`).

## 2. Get the data

The notebooks load their data sets themselves: the first time, they download and check them
(by size and SHA-256) into a folder of yours (`~/.cache/dl-course/datasets`). Offline, or to
fetch them all at once:

    python -m assignments.data fetch

If your instructor gives you a folder that already holds the files, point to it with
`export COURSE_DATA_DIR=/path/to/folder`; a copy of the files on a web or file server works with
`export COURSE_DATA_MIRROR=https://...` (or `file:///path/to/folder`).

## 3. Work in JupyterLab

    jupyter lab notebooks/

(or `jupyter notebook notebooks/`). Supported: JupyterLab {pins.get("jupyterlab", "4")} and
Notebook {pins.get("notebook", "7")}. Open an assignment, run the cells from the top, and write
your code where a cell says `# YOUR CODE HERE` (delete the `raise NotImplementedError()` line).
Each function has a test cell below it: run it after the function's cell; it says what is
wrong, or that the visible tests pass. Hidden tests check more cases when your work is graded.
Do not delete, copy or move the test cells (your work is graded by their place), and do not
change read-only cells.

## 4. Check before you hand in

Save, then *Kernel > Restart Kernel and Run All Cells*. Every test cell should pass and no cell
should take more than a few minutes. A cell that never ends, prints megabytes or crashes the
kernel costs that function its points.

## 5. Hand in

Hand in the `.ipynb` file itself, under its original name, the way your course says: upload it
to your learning platform, or on the course's JupyterHub, in the *Assignments* tab, press
*Submit*. Your feedback shows every test cell with its verdict and the first failure's message.
"""


def build_kit(root: Path, out: Path, through: str | None = None) -> tuple[Path, Path]:
    """Write the student kit of the course at ``root`` into the folder ``out`` (replaced if
    it exists) and ``out.zip``; return both paths."""
    slugs = schedule.through(through)
    notebooks = _release_notebooks(root, slugs)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    wheel = build_wheel(root, through, out / "wheels")
    for notebook in notebooks:
        target = out / "notebooks" / notebook.parent.name / notebook.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(notebook, target)
    (out / "requirements.txt").write_text(student_requirements(root))
    pins = _pins(out / "requirements.txt")
    (out / "README.md").write_text(readme(notebooks, wheel.name, pins))
    archive = shutil.make_archive(str(out), "zip", root_dir=out.parent, base_dir=out.name)
    return out, Path(archive)
