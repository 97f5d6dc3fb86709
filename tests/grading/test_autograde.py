"""nbgrader, run on the sample class of each assignment, gives every student the exact score.

The class is built from the variant files in tests/submissions/<slug>/ and graded in a
temporary copy of the course (see conftest.built_course).
"""

import csv
import tomllib

import nbformat
import pytest

from assignments.grading import report, samples
from assignments.grading.autograde import autograde_class, check_submission, release_notebook
from tests.conftest import REPO

SLUG = "conv_step_by_step"


@pytest.fixture(scope="module")
def graded_class(built_course):
    students = samples.write_sample_class(
        built_course, SLUG, built_course / "tests/submissions" / SLUG
    )
    return students, autograde_class(built_course, SLUG, students)


@pytest.fixture(scope="module")
def expected():
    return tomllib.loads((REPO / "tests/submissions" / SLUG / "expected_scores.toml").read_text())


def test_every_variant_has_an_expected_outcome(graded_class, expected):
    students, _ = graded_class
    assert sorted(students) == sorted([*expected["graded"], *expected["not_graded"]])
    assert len(students) == 14


def test_grade_cells_and_points(graded_class):
    _, result = graded_class
    assert result.max_scores == {
        "test_zero_pad": 1.0,
        "test_conv_single_step": 1.0,
        "test_conv_forward": 3.0,
        "test_pool_forward": 2.0,
        "test_conv_backward": 3.0,
        "test_create_mask_from_window": 1.0,
        "test_distribute_value": 1.0,
        "test_pool_backward": 3.0,
    }
    assert result.max_total == 15.0


def test_every_student_gets_the_exact_score_per_grade_cell(graded_class, expected):
    _, result = graded_class
    got = {
        s.student: [s.scores[g] for g in result.max_scores]
        for s in result.submissions
        if s.status == "graded"
    }
    assert got == {name: [float(x) for x in row] for name, row in expected["graded"].items()}


def test_broken_submissions_are_reported_and_the_rest_graded(graded_class, expected):
    _, result = graded_class
    by_name = {s.student: s for s in result.submissions}
    for name, phrase in expected["not_graded"].items():
        assert by_name[name].status == "not graded"
        assert by_name[name].scores == {}
        assert len(by_name[name].problems) == 1 and phrase in by_name[name].problems[0]
        assert "resubmit" in by_name[name].problems[0]
    for name, phrase in expected["problems"].items():
        assert by_name[name].status == "graded"
        assert len(by_name[name].problems) == 1 and phrase in by_name[name].problems[0]
    quiet = set(by_name) - set(expected["not_graded"]) - set(expected["problems"])
    assert all(by_name[name].problems == [] for name in quiet)


def test_grades_csv_and_failure_counts(graded_class, built_course, expected):
    _, result = graded_class
    path = report.write_grades_csv(result, built_course / "reports" / SLUG / "grades.csv")
    rows = {row["student"]: row for row in csv.DictReader(path.open())}
    assert rows["reference"]["total"] == "15" and rows["reference"]["max"] == "15"
    assert rows["blank"]["total"] == "0"
    assert rows["float-bias-numpy2"]["conv_single_step"] == "0"
    assert rows["float-bias-numpy2"]["total"] == "11"
    assert rows["corrupt-json"]["status"] == "not graded" and rows["corrupt-json"]["total"] == ""
    graded = expected["graded"].values()
    assert report.failure_counts(result) == {
        name: sum(1 for row in graded if row[i] < full)
        for i, (name, full) in enumerate(
            [
                ("zero_pad", 1),
                ("conv_single_step", 1),
                ("conv_forward", 3),
                ("pool_forward", 2),
                ("conv_backward", 3),
                ("create_mask_from_window", 1),
                ("distribute_value", 1),
                ("pool_backward", 3),
            ]
        )
    }


def test_missing_notebook_is_reported(built_course):
    release_nb = release_notebook(built_course, SLUG)
    gradable, problems = check_submission(built_course / "nowhere.ipynb", release_nb)
    assert not gradable
    assert problems == [
        f"{built_course / 'nowhere.ipynb'} is missing: the submission folder has no "
        f"{release_nb.name}. Ask the student to submit the notebook under its original name."
    ]


def test_valid_json_that_is_not_a_notebook_is_reported(built_course, tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_text('{"cells": "none", "nbformat": 4, "nbformat_minor": 5, "metadata": {}}')
    gradable, problems = check_submission(path, release_notebook(built_course, SLUG))
    assert not gradable
    assert problems[0].startswith(f"{path} is not a valid Jupyter notebook (")


def test_feedback_of_autograded_notebook_keeps_hidden_tests_out_of_release(built_course):
    """The autograded notebook runs the hidden tests (restored from the gradebook)."""
    nb = nbformat.read(
        built_course / "autograded" / "reference" / SLUG / "Convolution_model_Step_by_Step.ipynb", 4
    )
    test_cell = next(c for c in nb.cells if c.id == "test_conv_forward")
    assert "_conv_oracle" in test_cell.source
