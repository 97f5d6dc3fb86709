"""nbgrader's exchange as a JupyterHub course runs it, from release to feedback.

The instructor runs ``nbgrader release_assignment`` in the course folder; two students, each
in a home folder of their own, ``fetch_assignment``, fill in the notebook and ``submit``; the
instructor ``nbgrader collect``s, runs ``course autograde`` and ``course feedback``, then
``nbgrader release_feedback``; the students ``fetch_feedback``. One student submits after the
due date and backdates the submission in the inbound folder (which belongs to the student):
collect dates it by its files' change times, and the late penalty applies.
"""

from __future__ import annotations

import csv
import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from course import cli
from course.grading import build, late, samples
from course.grading.exchange import latest_change

from tests.conftest import CONV, CONV_NOTEBOOK, CONV_SOURCE, CONV_VARIANTS, copy_course

COURSE = "dl-numpy-course"
STAMP = "%Y-%m-%d %H:%M:%S.%f UTC"


def _nbgrader(cwd: Path, exchange: Path, user: str, *args: str) -> str:
    """Run ``nbgrader`` as ``user`` would (its own HOME and user name), in ``cwd``. All run
    as one system user here, so a student's commands name the student (as JupyterHub's
    user name would)."""
    env = {**os.environ, "HOME": str(cwd), "USER": user, "LOGNAME": user}
    # nbgrader runs `alembic` from PATH: the venv's, as `make test` sets it
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}",
         f"--CourseDirectory.course_id={COURSE}",
         *([f"--CourseDirectory.student_id={user}"] if user != "instructor" else [])],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _submit(home: Path, exchange: Path, user: str, venv: Path) -> str:
    """Fetch the assignment, answer it with the reference solution, run it top to bottom in
    the student's environment (only the student kit installed), submit; the claimed time."""
    home.mkdir()
    _nbgrader(home, exchange, user, "fetch_assignment", CONV)
    fetched = home / CONV / CONV_NOTEBOOK
    reference = samples.load_variant(CONV_VARIANTS / "reference.py")
    fetched.write_text(samples.build_notebook(reference, fetched, CONV_SOURCE))
    student_env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(home), "MPLBACKEND": "Agg",
    }  # fmt: skip
    ran = subprocess.run(
        [venv / "bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
         str(fetched)],
        cwd=fetched.parent, env=student_env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr[-3000:]
    outputs = [o for c in nbformat.read(fetched, as_version=4).cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    passed = [o.text for o in outputs if "all visible tests passed" in o.get("text", "")]
    assert len(passed) == 8  # one per graded function
    _nbgrader(home, exchange, user, "submit", CONV)
    (folder,) = (exchange / COURSE / "inbound").glob(f"{user}+{CONV}+*")
    return (folder / "timestamp.txt").read_text()


@pytest.fixture(scope="module")
def exchange_course(tmp_path_factory, kit_venv):
    """A course with conv_step_by_step released through the exchange, submitted by alice on
    time and by bob late (backdated to alice's time), and collected."""
    root = copy_course(tmp_path_factory.mktemp("exchange-course"))
    build.build(root, [CONV])
    exchange = tmp_path_factory.mktemp("exchange")
    homes = tmp_path_factory.mktemp("homes")
    _nbgrader(root, exchange, "instructor", "release_assignment", CONV)
    alice_time = _submit(homes / "alice", exchange, "alice", kit_venv)
    due = datetime.datetime.strptime(alice_time, STAMP) + datetime.timedelta(seconds=2)
    late.set_due_date(root, CONV, due.strftime("%Y-%m-%d %H:%M:%S UTC"))
    time.sleep(3)
    _submit(homes / "bob", exchange, "bob", kit_venv)
    # bob backdates his late submission: timestamp.txt and the folder name say alice's time
    inbound = exchange / COURSE / "inbound"
    (bob_folder,) = inbound.glob(f"bob+{CONV}+*")
    (bob_folder / "timestamp.txt").write_text(alice_time)
    forged = inbound / f"bob+{CONV}+{alice_time}+forged"
    bob_folder.rename(forged)
    bob_changed = datetime.datetime.fromtimestamp(latest_change(forged), datetime.UTC)
    log = _nbgrader(root, exchange, "instructor", "collect", CONV, "--CheckedCollect.ctime_slack=1")
    return root, exchange, homes, alice_time, bob_changed.replace(tzinfo=None), log


def test_plain_nbgrader_collect_believes_a_backdated_submission(tmp_path):
    """The attack, against nbgrader's own collect: the forged time is what it collects."""
    root = copy_course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    inbound = exchange / COURSE / "inbound"
    inbound.mkdir(parents=True)
    claimed = "2020-01-01 00:00:00.000000 UTC"
    folder = inbound / f"bob+{CONV}+{claimed}+forged"
    folder.mkdir()
    (folder / CONV_NOTEBOOK).write_text("{}")
    (folder / "timestamp.txt").write_text(claimed)
    plain = "--ExchangeFactory.collect=nbgrader.exchange.default.collect.ExchangeCollect"
    _nbgrader(root, exchange, "instructor", "collect", CONV, plain)
    assert (root / "submitted/bob" / CONV / "timestamp.txt").read_text() == claimed
    # the course's collect dates it by when its files were written: now
    log = _nbgrader(root, exchange, "instructor", "collect", CONV, "--update")
    collected = (root / "submitted/bob" / CONV / "timestamp.txt").read_text()
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    assert abs((datetime.datetime.strptime(collected, STAMP) - now).total_seconds()) < 60
    assert f"bob+{CONV}+{claimed}+forged claims to be submitted at 2020-01-01 00:00:00" in log


def test_a_link_to_a_file_edited_after_the_deadline_is_neither_dated_early_nor_collected(
    tmp_path,
):
    """Before the deadline the student puts a link in their submission folder, to a file they
    can still edit (in a folder of their own in the inbound area); they edit it afterwards.
    The link's own change time is early, and nbgrader's copy follows it (red team, round 3).
    Now the target's change time counts, and the link is not collected."""
    root = copy_course(tmp_path / "course")
    exchange = tmp_path / "exchange"
    inbound = exchange / COURSE / "inbound"
    scratch = inbound / "mallory-scratch"
    scratch.mkdir(parents=True)
    (scratch / CONV_NOTEBOOK).write_text("{}")
    claimed = datetime.datetime.now(datetime.UTC).strftime(STAMP)  # an honest time
    folder = inbound / f"mallory+{CONV}+{claimed}+linked"
    folder.mkdir()
    (folder / "timestamp.txt").write_text(claimed)
    (folder / CONV_NOTEBOOK).symlink_to(scratch / CONV_NOTEBOOK)
    early = datetime.datetime.now().timestamp() - 3600
    os.utime(folder / CONV_NOTEBOOK, (early, early), follow_symlinks=False)
    time.sleep(3)
    (scratch / CONV_NOTEBOOK).write_text('{"late": true}')  # after the deadline
    log = _nbgrader(root, exchange, "instructor", "collect", CONV, "--CheckedCollect.ctime_slack=2")
    collected = root / "submitted/mallory" / CONV
    assert "claims to be submitted at" in log
    assert f"{CONV_NOTEBOOK} is a symbolic link; it was not collected" in log
    assert sorted(p.name for p in collected.iterdir()) == ["timestamp.txt"]
    assert (collected / "timestamp.txt").read_text() != claimed


def test_collect_keeps_honest_times_and_dates_a_backdated_one_by_its_files(exchange_course):
    root, _, _, alice_time, bob_changed, log = exchange_course
    submitted = root / "submitted"
    assert (submitted / "alice" / CONV / "timestamp.txt").read_text() == alice_time
    assert (submitted / "bob" / CONV / "timestamp.txt").read_text() == bob_changed.strftime(STAMP)
    assert log.count("claims to be submitted at") == 1 and "bob+" in log


def test_exchange_path_grades_penalises_and_returns_feedback(exchange_course, monkeypatch):
    root, exchange, homes, *_ = exchange_course
    monkeypatch.setenv("COURSE_ROOT", str(root))
    assert cli.main(["autograde", CONV]) == 0
    with (root / "reports" / CONV / "grades.csv").open(newline="") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {
        s: (float(r["total"]), float(r["penalty"]), float(r["final"])) for s, r in rows.items()
    } == {
        "alice": (15.0, 0.0, 15.0),
        "bob": (15.0, 1.5, 13.5),
    }
    assert cli.main(["feedback", CONV]) == 0
    _nbgrader(root, exchange, "instructor", "release_feedback", CONV)
    for student, points in (("alice", "15.0 / 15.0"), ("bob", "13.5 / 15.0")):
        _nbgrader(homes / student, exchange, student, "fetch_feedback", CONV)
        (page,) = (homes / student / CONV / "feedback").glob(f"*/{CONV_NOTEBOOK[:-6]}.html")
        text = page.read_text()
        assert points in text, student
        assert "### BEGIN HIDDEN TESTS" not in text
    graded = nbformat.read(root / "autograded/bob" / CONV / CONV_NOTEBOOK, as_version=4)
    assert graded.cells  # the collected notebook was graded, not an empty stand-in
