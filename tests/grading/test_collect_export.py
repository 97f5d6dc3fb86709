"""course collect, course due, late penalties and course export, end to end on three students."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from course import cli
from course.grading import build, samples
from course.grading.collect import collect
from course.grading.late import penalty
from course.grading.runner import grade_class

from tests.conftest import CONV, CONV_NOTEBOOK, CONV_VARIANTS, copy_course

DUE = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def _notebook(root: Path, variant: str) -> str:
    release = root / "release" / CONV / CONV_NOTEBOOK
    return samples.build_notebook(
        samples.load_variant(CONV_VARIANTS / f"{variant}.py"),
        release,
        root / "source" / CONV / CONV_NOTEBOOK,
    )


def _write(folder: Path, name: str, text: str, when: datetime) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("late"))
    build.build(root, [CONV])
    lms = tmp_path_factory.mktemp("lms")
    reference, blank = _notebook(root, "reference"), _notebook(root, "blank")
    _write(lms, "ontime_101_201_Convolution.ipynb", reference, DUE - timedelta(hours=1))
    _write(lms, "ontime_101_199_Convolution.ipynb", blank, DUE - timedelta(hours=3))
    _write(lms, "late_LATE_102_202_Convolution.ipynb", reference, DUE + timedelta(hours=30))
    _write(lms, "lateblank_103_203_x.ipynb", blank, DUE + timedelta(hours=5))
    _write(lms, "readme.txt", "notes", DUE)
    _write(lms, "Bad Name_104.ipynb", blank, DUE)
    return root, lms


def test_collect_places_each_student_and_reports_the_rest(course):
    root, lms = course
    outcome = collect(root, CONV, lms)
    assert outcome.placed == {
        "late": "late_LATE_102_202_Convolution.ipynb",
        "lateblank": "lateblank_103_203_x.ipynb",
        "ontime": "ontime_101_201_Convolution.ipynb",
    }
    assert sorted(outcome.skipped) == [
        "Bad Name_104.ipynb: 'Bad Name' is not a usable student id (letters, digits, '.', '@', "
        "'+', '-'); rename the file",
        "ontime_101_199_Convolution.ipynb: a second file of ontime (kept the newest, "
        "ontime_101_201_Convolution.ipynb)",
        "readme.txt: not a notebook (.ipynb); not placed",
    ]
    folder = root / "submitted" / "late" / CONV
    assert sorted(p.name for p in folder.iterdir()) == [CONV_NOTEBOOK, "timestamp.txt"]
    assert (folder / "timestamp.txt").read_text() == "2026-12-01 18:00:00.000000 UTC\n"


def test_collect_reads_a_zip_with_its_recorded_times(tmp_path):
    root = copy_course(tmp_path / "course")
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(zipfile.ZipInfo("sub/s123_Convolution.ipynb", (2026, 12, 1, 8, 30, 0)), "{}")
        zf.writestr(zipfile.ZipInfo("sub/", (2026, 12, 1, 8, 30, 0)), "")
    outcome = collect(root, CONV, archive, pattern=r"^s(?P<student>\d+)_")
    assert outcome.placed == {"123": "s123_Convolution.ipynb"} and outcome.skipped == []
    stamp = root / "submitted" / "123" / CONV / "timestamp.txt"
    assert stamp.read_text() == "2026-12-01 08:30:00.000000 UTC\n"
    with pytest.raises(ValueError, match="needs a group named student"):
        collect(root, CONV, archive, pattern=r"^s\d+")


def test_penalty_policy():
    assert penalty(15, 0) == 0 and penalty(15, -5) == 0 and penalty(0, 3600) == 0
    assert penalty(15, 1) == 1.5 and penalty(15, 86400) == 1.5 and penalty(15, 86401) == 3.0
    assert penalty(15, 30 * 86400) == 15


def test_late_penalties_reach_the_export_and_nbgrader_export(course, monkeypatch):
    root, _ = course
    monkeypatch.setenv("COURSE_ROOT", str(root))
    assert cli.main(["due", CONV, "2026-11-30 12:00:00 UTC"]) == 0
    result = grade_class(root, CONV)
    by_student = {s.student: s for s in result.submissions}
    assert [(s, r.total, r.seconds_late, r.penalty, r.final) for s, r in by_student.items()] == [
        ("late", 15.0, 30 * 3600.0, 3.0, 12.0),
        ("lateblank", 0.0, 5 * 3600.0, 0.0, 0.0),
        ("ontime", 15.0, 0.0, 0.0, 15.0),
    ]
    assert cli.main(["export"]) == 0
    rows = list(csv.DictReader((root / "reports" / "grades.csv").open()))
    late = next(r for r in rows if r["student"] == "late")
    assert (late["late"], late["hours_late"], late["penalty"], late["final"]) == (
        "yes",
        "30.00",
        "3",
        "12",
    )
    assert late["points"].startswith("zero_pad=1; conv_single_step=1; conv_forward=3;")
    wide = list(csv.reader((root / "reports" / "gradebook.csv").open()))
    assert wide == [["student", CONV], ["late", "12"], ["lateblank", "0"], ["ontime", "15"]]
    # nbgrader's own export reads the same gradebook and applies the same penalty
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["nbgrader", "export", "--to", "nbgrader.csv"], cwd=root, env=env, check=True,
                   capture_output=True)  # fmt: skip
    theirs = {r["student_id"]: r for r in csv.DictReader((root / "nbgrader.csv").open())}
    assert float(theirs["late"]["raw_score"]) == 15.0
    assert float(theirs["late"]["late_submission_penalty"]) == 3.0
    assert float(theirs["late"]["score"]) == 12.0
    assert float(theirs["ontime"]["score"]) == 15.0
