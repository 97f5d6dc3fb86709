"""nbgrader, run on the sample class of each assignment, gives every student the exact score.

The class is built from the variant files of course/sample_classes/<slug>/ and graded in a
temporary copy of the course (see conftest.built_course).
"""

import csv
import re
import subprocess
import tomllib

import nbformat
import pytest
from course.grading import grades, runner, samples
from course.grading.results import function_of
from course.grading.submission import check_submission
from course.layout import release_notebook

from tests.conftest import REPO

SLUG = "conv_step_by_step"
NOTEBOOK = "Convolution_model_Step_by_Step.ipynb"
# Every assignment with a sample class, its class size and its grade cells with points.
CLASSES = {
    "conv_application": (14, {
        "test_random_mini_batches": 2, "test_initialize_parameters": 1,
        "test_forward_propagation": 2, "test_compute_cost": 2, "test_model": 3,
    }),
    "conv_step_by_step": (40, {
        "test_zero_pad": 1, "test_conv_single_step": 1, "test_conv_forward": 3,
        "test_pool_forward": 2, "test_conv_backward": 3, "test_create_mask_from_window": 1,
        "test_distribute_value": 1, "test_pool_backward": 3,
    }),
    "dnn_step_by_step": (20, {
        "test_initialize_parameters": 1, "test_initialize_parameters_deep": 1,
        "test_linear_forward": 1, "test_linear_activation_forward": 2,
        "test_L_model_forward": 3, "test_compute_cost": 1, "test_linear_backward": 2,
        "test_linear_activation_backward": 2, "test_L_model_backward": 3,
        "test_update_parameters": 1,
    }),
    "dnn_application": (14, {"test_two_layer_model": 4, "test_L_layer_model": 4}),
    "initialization": (15, {
        "test_initialize_parameters_zeros": 1, "test_initialize_parameters_random": 2,
        "test_initialize_parameters_he": 2,
    }),
    "regularization": (14, {
        "test_compute_cost_with_regularization": 1,
        "test_backward_propagation_with_regularization": 2,
        "test_forward_propagation_with_dropout": 2, "test_backward_propagation_with_dropout": 2,
    }),
    "gradient_checking": (13, {
        "test_forward_propagation": 1, "test_backward_propagation": 1, "test_gradient_check": 2,
        "test_gradient_check_n": 3,
    }),
}  # fmt: skip
_GRADED: dict[str, tuple[list[str], object]] = {}


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes on this machine, started once for every sample class and reached
    by the scheduler's address, as `course autograde --dask ADDRESS` reaches a cluster."""
    local = runner.local_cluster(2)
    yield runner.DaskCluster(local.scheduler_address)
    local.close()


def _graded(root, slug, executor):
    """Grade the sample class of ``slug`` once per test session, on the Dask executor: the
    exact scores below hold for parallel grading of every sample student; test_parallel.py
    shows the sequential executor gives the same."""
    if slug not in _GRADED:
        students = samples.write_sample_class(root, slug, samples.SAMPLE_CLASSES / slug)
        _GRADED[slug] = (students, runner.grade_class(root, slug, students, executor=executor))
    return _GRADED[slug]


@pytest.fixture(scope="module", params=sorted(CLASSES))
def slug(request):
    return request.param


@pytest.fixture(scope="module")
def any_class(built_course, slug, cluster):
    return _graded(built_course, slug, cluster)


@pytest.fixture(scope="module")
def graded_class(built_course, cluster):
    """The conv_step_by_step class, for the tests about the corpus of attacks and faults."""
    return _graded(built_course, SLUG, cluster)


def _expected(slug):
    return tomllib.loads((samples.SAMPLE_CLASSES / slug / "expected_scores.toml").read_text())


@pytest.fixture(scope="module")
def expected(slug):
    return _expected(slug)


def test_every_assignment_with_samples_is_graded_here():
    assert sorted(p.name for p in samples.SAMPLE_CLASSES.iterdir() if p.is_dir()) == sorted(CLASSES)


def test_every_variant_has_an_expected_outcome(any_class, expected, slug):
    students, _ = any_class
    assert sorted(students) == sorted([*expected["graded"], *expected["not_graded"]])
    assert len(students) == CLASSES[slug][0]


def test_grade_cells_and_points(any_class, slug):
    _, result = any_class
    points = CLASSES[slug][1]
    assert result.max_scores == {cell: float(p) for cell, p in points.items()}
    assert result.max_total == float(sum(points.values()))


def test_every_student_gets_the_exact_score_per_grade_cell(any_class, expected):
    _, result = any_class
    got = {
        s.student: [s.scores[g] for g in result.max_scores]
        for s in result.submissions
        if s.status == "graded"
    }
    assert got == {name: [float(x) for x in row] for name, row in expected["graded"].items()}


def test_broken_submissions_are_reported_and_the_rest_graded(any_class, expected):
    _, result = any_class
    by_name = {s.student: s for s in result.submissions}
    for name, phrase in expected["not_graded"].items():
        assert by_name[name].status == "not graded"
        assert by_name[name].scores == {}
        assert len(by_name[name].problems) == 1 and phrase in by_name[name].problems[0]
        assert "resubmit" in by_name[name].problems[0] or "submit" in by_name[name].problems[0]
    for name, phrases in expected["problems"].items():
        assert by_name[name].status == "graded"
        assert len(by_name[name].problems) == len(phrases)
        for phrase, line in zip(phrases, by_name[name].problems, strict=True):
            assert phrase in line
    quiet = set(by_name) - set(expected["not_graded"]) - set(expected["problems"])
    assert {name: by_name[name].problems for name in quiet if by_name[name].problems} == {}


def test_tampering_is_flagged_with_the_function_name(any_class, expected):
    _, result = any_class
    flagged = {
        s.student: [line.split(":")[0] for line in s.tampering]
        for s in result.submissions
        if s.tampering
    }
    assert flagged == expected.get("tampering", {})
    for s in result.submissions:
        for line in s.tampering:
            assert "suspected tampering" in line and "\n" not in line


def test_trusted_verification_agrees_with_every_expected_score(any_class, expected):
    """Outside the student's kernel, a graded function passes trusted verification exactly
    when expected_scores.toml gives it points: realistic bugs, attacks, faults and damaged
    layouts alike (tests/grading/test_trusted.py has the verdicts' reasons)."""
    _, result = any_class
    functions = [function_of(grade_id) for grade_id in result.max_scores]
    verified = {s.student: s.verified for s in result.submissions if s.status == "graded"}
    assert verified == {
        name: dict(zip(functions, [points > 0 for points in row], strict=True))
        for name, row in expected["graded"].items()
    }


def test_the_sandbox_blocked_every_attack(graded_class, built_course):
    """What the attack cells printed in their own kernel: they found and changed nothing."""

    def printed(student):
        nb = nbformat.read(built_course / "autograded" / student / SLUG / NOTEBOOK, 4)
        extra = next(c for c in nb.cells if c.id.startswith("student-"))
        return "".join(o.get("text", "") for o in extra.outputs)

    assert printed("attack-read-secrets") == "secrets found: 0\n"
    assert printed("attack-write-gradebook") == "gradebooks written: 0\n"
    assert printed("attack-network") == "network reached: []\n"
    assert printed("fault-fork-loop") == "fork stopped: BlockingIOError\nchildren: True\n"
    # the warning reached the test's output (as text), and the test kept its point
    nb = nbformat.read(built_course / "autograded" / "warning-on-stderr" / SLUG / NOTEBOOK, 4)
    test = next(c for c in nb.cells if c.id == "test_zero_pad")
    assert "RuntimeWarning: overflow encountered in exp" in "".join(
        o.get("text", "") for o in test.outputs
    )
    flood = printed("fault-print-flood")
    assert "[output truncated: this cell printed more than 100000 bytes]" in flood
    assert len(flood) < 120_000


def test_no_student_process_outlives_grading(graded_class):
    leftover = subprocess.run(
        ["pgrep", "-f", "course-attack-detached"], capture_output=True, text=True
    )
    assert leftover.stdout == ""


def test_gradebook_holds_one_submission_per_graded_student(any_class, built_course, expected, slug):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{built_course / 'gradebook.db'}") as gb:
        names = sorted(s.student.id for s in gb.assignment_submissions(slug))
        totals = {s.student.id: s.score for s in gb.assignment_submissions(slug)}
    assert names == sorted(expected["graded"])
    assert totals == {name: float(sum(row)) for name, row in expected["graded"].items()}


def test_grades_csv_and_failure_counts(graded_class, built_course):
    expected = _expected(SLUG)
    _, result = graded_class
    path = grades.write_grades_csv(result, built_course / "reports" / SLUG / "grades.csv")
    rows = {row["student"]: row for row in csv.DictReader(path.open())}
    assert rows["reference"]["total"] == "15" and rows["reference"]["max"] == "15"
    assert rows["blank"]["total"] == "0"
    assert rows["float-bias-numpy2"]["conv_single_step"] == "0"
    assert rows["float-bias-numpy2"]["total"] == "14"
    assert rows["corrupt-json"]["status"] == "not graded" and rows["corrupt-json"]["total"] == ""
    assert rows["reference"]["tampering"] == ""
    assert rows["attack-patch-checks"]["tampering"].startswith("conv_forward: passed the notebook")
    graded = expected["graded"].values()
    assert grades.failure_counts(result) == {
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


def test_autograded_notebooks_ran_the_hidden_tests(built_course):
    nb = nbformat.read(built_course / "autograded" / "reference" / SLUG / NOTEBOOK, 4)
    test_cell = next(c for c in nb.cells if c.id == "test_conv_forward")
    assert "_conv_oracle" in test_cell.source


def _secret_lines():
    """Every line of a hidden-test block of the source notebook."""
    source = nbformat.read(REPO / "source" / SLUG / NOTEBOOK, 4)
    lines = set()
    for cell in source.cells:
        inside = False
        for line in cell.source.split("\n"):
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 12:
                lines.add(line.strip())
    return lines


def test_feedback_never_shows_hidden_tests_or_values(graded_class, built_course):
    from course.grading.feedback import generate_feedback

    students = ["reference", "hardcoded-conv-backward", "conv-forward-ignores-stride",
                "conv-backward-pad-slice", "attack-patch-checks", "fault-os-exit",
                "attack-leak-hidden-tests"]  # fmt: skip
    # a student's Markdown with a script and an image whose onerror runs one
    graded_nb = built_course / "autograded/reference" / SLUG / NOTEBOOK
    nb = nbformat.read(graded_nb, as_version=4)
    script = "<script>alert('xss')</script><img src=x onerror=alert(2)>"
    nb.cells.append(nbformat.v4.new_markdown_cell(script))
    nbformat.write(nb, graded_nb)
    assert generate_feedback(built_course, SLUG, students) == {}
    page = (built_course / "feedback/reference" / SLUG / NOTEBOOK).with_suffix(".html").read_text()
    assert "<script>alert('xss')" not in page and not re.search(r"<img[^>]*onerror", page)
    secrets = _secret_lines()
    assert len(secrets) > 100
    for student in students:
        html = (built_course / "feedback" / student / SLUG / NOTEBOOK).with_suffix(".html")
        text = re.sub(r"<[^>]+>", "", html.read_text())
        import html as html_module

        text = html_module.unescape(text)
        assert [line for line in secrets if line in text] == [], student
        assert "_conv_oracle" not in text and "default_rng" not in text
    # conv-backward-pad-slice passes the visible tests (pad 2) and fails a hidden one (pad 0)
    hidden = (built_course / "feedback/conv-backward-pad-slice" / SLUG / NOTEBOOK).with_suffix(
        ".html"
    )
    assert "the hidden tests of this function failed" in hidden.read_text()


def test_dnn_application_skips_the_long_training_when_graded(built_course, cluster):
    """Under the autograder the notebook trains one iteration (FULL_RUN is false): the grade
    comes from the hidden tests on a subset, and the sample class grades in seconds."""
    _graded(built_course, "dnn_application", cluster)
    notebook = "Deep_Neural_Network_Application.ipynb"
    path = built_course / "autograded/reference/dnn_application" / notebook
    cells = {c.id: c for c in nbformat.read(path, 4).cells}

    def printed(cell_id):
        return "".join(o.get("text", "") for o in cells[cell_id].outputs)

    assert printed("train-two-layer") == "Cost after iteration 0: 0.693049735659989\n"
    assert printed("check-published") == (
        "Autograder run: the full training was skipped, nothing to compare.\n"
    )
    figures = [o for o in cells["show-samples"].outputs if o.output_type == "display_data"]
    assert len(figures) == 1 and "image/png" in figures[0].data


def test_course_feedback_writes_html_for_the_graded_students(
    graded_class, built_course, monkeypatch
):
    from course import cli

    monkeypatch.setenv("COURSE_ROOT", str(built_course))
    assert cli.main(["feedback", SLUG, "--student", "blank", "--student", "reference"]) == 0
    blank = (built_course / "feedback/blank" / SLUG / NOTEBOOK).with_suffix(".html").read_text()
    assert "zero_pad is not implemented yet" in blank
    assert (built_course / "feedback/reference" / SLUG / NOTEBOOK).with_suffix(".html").exists()
    # a student who was never graded: a clear refusal, nothing written
    assert cli.main(["feedback", SLUG, "--student", "nobody"]) == 1
    assert not (built_course / "feedback/nobody").exists()


def test_class_report_shows_what_the_class_gets_wrong(graded_class, built_course, monkeypatch):
    from course import cli
    from course.grading import report

    _, result = graded_class
    stats = {s.name: s for s in report.function_stats(built_course, result)}
    assert {name: s.failed for name, s in stats.items()} == grades.failure_counts(result)
    assert [s.graded for s in stats.values()] == [37] * 8
    not_implemented = (
        "CheckError: pool_forward is not implemented yet: replace 'raise NotImplementedError()' "
        "in its cell with your code, run that cell, then run this test again."
    )
    # the blank student and the one who deleted the pool_forward cell
    assert stats["pool_forward"].messages[0] == (not_implemented.replace("'", "`"), 2)
    for s in stats.values():
        assert sum(count for _, count in s.messages) <= s.failed
    monkeypatch.setenv("COURSE_ROOT", str(built_course))
    assert cli.main(["report", SLUG]) == 0
    folder = built_course / "reports" / SLUG
    text = (folder / "report.md").read_text()
    assert "40 submissions, 37 graded, 3 not graded." in text
    assert "| pool_forward | 2 | 1.57 | 8 / 37 (22%) | 2 x `" + not_implemented in text
    assert "- attack-patch-checks: conv_forward: passed the notebook's tests" in text
    assert [line for line in _secret_lines() if line in text] == []
    html = (folder / "report.html").read_text()
    assert "<table>" in html and '<img src="scores.png"' in html
    assert (folder / "scores.png").read_bytes()[:4] == b"\x89PNG"
    assert (folder / "failures.png").read_bytes()[:4] == b"\x89PNG"
