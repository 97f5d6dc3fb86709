"""Fixtures shared by the tests: a temporary copy of the course to build and grade in."""

import os
import shutil
from pathlib import Path

import pytest
from course import kit, layout
from course.grading import build, samples
from course.grading.results import ClassResult
from course.grading.runner import grade_class

REPO = Path(__file__).resolve().parents[1]
# The verified data files: $COURSE_DATA_DIR if set (a clone away from ../shared, as the README
# says), else ../shared/datasets beside the repository.
DATASETS = Path(os.environ.get("COURSE_DATA_DIR") or REPO.parent / "shared" / "datasets")
_COURSE_ROOT_AT_START = os.environ.get("COURSE_ROOT")


def pytest_runtest_teardown(item, nextitem):
    """Undo what grading a course copy leaves in the environment.

    ``gradebook.nbgrader_api`` points ``COURSE_ROOT`` at the course it grades (a temporary
    copy, here). The source notebooks that nbval runs after these tests load data like a
    student does, from the repository: they must not inherit a copy's root.
    """
    if _COURSE_ROOT_AT_START is None:
        os.environ.pop("COURSE_ROOT", None)
    else:
        os.environ["COURSE_ROOT"] = _COURSE_ROOT_AT_START


# conv_step_by_step, the assignment most grading tests run on
CONV = "conv_step_by_step"
CONV_NOTEBOOK = "Convolution_model_Step_by_Step.ipynb"
CONV_RELEASE = REPO / "release" / CONV / CONV_NOTEBOOK
CONV_SOURCE = REPO / "source" / CONV / CONV_NOTEBOOK
CONV_VARIANTS = samples.SAMPLE_CLASSES / CONV
CONV_FUNCTIONS = [
    "zero_pad",
    "conv_single_step",
    "conv_forward",
    "pool_forward",
    "conv_backward",
    "create_mask_from_window",
    "distribute_value",
    "pool_backward",
]


def copy_course(target: Path) -> Path:
    """A course copy to build and grade in. The sample classes have students whose cells
    never return: 10 s per cell is plenty (a correct looped solution needs < 1 s) and keeps
    CI fast."""
    return layout.copy_course(REPO, target, cell_timeout=10)


@pytest.fixture(scope="session")
def built_course(tmp_path_factory) -> Path:
    """A course copy whose releases were regenerated from source/ by nbgrader."""
    root = copy_course(tmp_path_factory.mktemp("course"))
    shutil.rmtree(root / "release")
    build.build(root)
    return root


def small_class(tmp_path_factory, name: str, variants: list[str]) -> tuple[Path, list[str]]:
    """A course copy and a class of the named sample variants (file stems of
    sample_classes/conv_step_by_step); returns the root and the students. The copy grades
    against the committed release, which tests/grading/test_build.py proves is what
    `course build` makes of source/; grading registers the assignment itself."""
    root = copy_course(tmp_path_factory.mktemp(name))
    folder = tmp_path_factory.mktemp(f"{name}-variants")
    for variant in variants:
        shutil.copy(CONV_VARIANTS / f"{variant}.py", folder / f"{variant}.py")
    return root, samples.write_sample_class(root, CONV, folder)


# realistic, broken, hostile and unreadable submissions of conv_step_by_step
SMALL_CLASS = [
    "reference", "blank", "conv_forward_ignores_stride", "pool_backward_wrong_slicing",
    "fault_os_exit", "attack_patch_checks", "corrupt_json",
]  # fmt: skip


@pytest.fixture(scope="session")
def sequential_small_class(tmp_path_factory) -> tuple[Path, list[str], ClassResult]:
    """The SMALL_CLASS graded once by the sequential executor: the outcome that grading on
    Dask workers (test_parallel) and into PostgreSQL (test_postgres) must reproduce. Returns
    the course root, the students and the class result; tests must not grade it again."""
    root, students = small_class(tmp_path_factory, "sequential", SMALL_CLASS)
    return root, students, grade_class(root, CONV, students)


@pytest.fixture(scope="session")
def student_kit(tmp_path_factory) -> Path:
    """The student kit of the whole course (``course student-kit``), built once."""
    folder, _ = kit.build_kit(REPO, tmp_path_factory.mktemp("kit") / "course-kit")
    return folder


@pytest.fixture(scope="session")
def kit_venv(student_kit, tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with only the kit installed (its
    requirements and its wheel), as a student's; its folder."""
    import subprocess
    import sys

    venv = tmp_path_factory.mktemp("student") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    (wheel,) = (student_kit / "wheels").glob("*.whl")
    done = subprocess.run(
        [venv / "bin/pip", "install", "--quiet", "-r", student_kit / "requirements.txt", wheel],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return venv
