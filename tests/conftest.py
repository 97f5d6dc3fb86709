"""Fixtures shared by the tests: a temporary copy of the course to build and grade in."""

import shutil
from pathlib import Path

import pytest

from assignments.grading import build

REPO = Path(__file__).resolve().parents[1]


def copy_course(target: Path) -> Path:
    """Copy what nbgrader needs (config, source, committed release, sample submissions)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "nbgrader_config.py", target / "nbgrader_config.py")
    for folder in ("source", "release", "tests/submissions", "datasets"):
        shutil.copytree(
            REPO / folder, target / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints")
        )
    return target


@pytest.fixture(scope="session")
def built_course(tmp_path_factory) -> Path:
    """A course copy whose releases were regenerated from source/ by nbgrader."""
    root = copy_course(tmp_path_factory.mktemp("course"))
    shutil.rmtree(root / "release")
    build.build(root)
    return root
