"""Where the course's folders are: the one place every command looks them up.

The course folder (the nbgrader course directory) holds ``nbgrader_config.py``,
``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/``, ``reports/``,
``datasets/`` and ``gradebook.db``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV_ROOT = "COURSE_ROOT"
# The course's folders, in the order a course copy needs them (what grading reads).
COPIED = ("source", "release", "datasets")


def course_root() -> Path:
    """The course folder: ``$COURSE_ROOT``, else the nearest folder holding
    ``nbgrader_config.py``, from the working folder up."""
    if os.environ.get(ENV_ROOT):
        return Path(os.environ[ENV_ROOT]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").exists():
            return folder
    raise SystemExit(
        "course: no nbgrader_config.py in this folder or its parents. Run the command inside "
        "the course folder, or set COURSE_ROOT to it."
    )


def copy_course(source: Path, target: Path, *, cell_timeout: int | None = None) -> Path:
    """A working copy of the course at ``source`` in ``target`` (config, source notebooks and
    trusted cases, committed release, data manifest), to build and grade in. With
    ``cell_timeout``, each cell gets that many seconds (the sample classes need 10)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "nbgrader_config.py", target / "nbgrader_config.py")
    if cell_timeout is not None:
        with (target / "nbgrader_config.py").open("a") as config:
            config.write(f"\nc.Execute.timeout = {cell_timeout}\n")
    for folder in COPIED:
        shutil.copytree(
            source / folder, target / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
    return target
