"""Where the course's things are: the one place every command looks them up.

The course folder (the nbgrader course directory) holds ``nbgrader_config.py``,
``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/``, ``reports/``,
``datasets/`` and ``gradebook.db`` (unless ``$COURSE_DB_URL`` names another gradebook).

Two other lookups exist on purpose. The student package's
(``assignments.data.find_course_root``) honours the same ``$COURSE_ROOT`` and otherwise looks
for ``datasets/``: a student's machine has no ``nbgrader_config.py`` and never imports this
package. The sandbox's (``course.grading.sandbox.package_home``) is where the installed
student package is; it sets ``$COURSE_ROOT`` to that folder for student code.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV_ROOT = "COURSE_ROOT"
DB_URL_ENV = "COURSE_DB_URL"
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


def gradebook_url(root: Path) -> str:
    """The course's gradebook: ``$COURSE_DB_URL`` when set (PostgreSQL for a class graded by
    many workers at once: ``postgresql+psycopg2://user@host:5432/gradebook``), else the SQLite
    file ``gradebook.db`` of the course, whose writers wait up to 120 s for each other's
    transactions instead of failing at once."""
    return os.environ.get(DB_URL_ENV) or f"sqlite:///{root / 'gradebook.db'}?timeout=120"


def release_notebook(root: Path, slug: str) -> Path:
    """The one notebook of an assignment's release folder."""
    notebooks = sorted((root / "release" / slug).glob("*.ipynb"))
    if len(notebooks) != 1:
        raise FileNotFoundError(
            f"release/{slug} should hold exactly one notebook, found {len(notebooks)}: "
            f"run `course build {slug}` to generate it."
        )
    return notebooks[0]


def submitted_students(root: Path, slug: str) -> list[str]:
    """Students who have a folder for ``slug`` under submitted/."""
    return sorted(p.parent.name for p in (root / "submitted").glob(f"*/{slug}") if p.is_dir())


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
