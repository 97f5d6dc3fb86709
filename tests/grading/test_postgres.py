"""The gradebook on PostgreSQL, written by two parallel workers: no grade lost or doubled.

The fixture starts a throw-away PostgreSQL server (Debian's ``postgresql`` package) on
127.0.0.1 and a free port, owned by the ``postgres`` user, and removes it afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from course.grading.autograde import comparable_outcome
from course.grading.runner import LocalProcesses, grade_class
from course.layout import DB_URL_ENV

from tests.conftest import CONV, small_class

# four students of the sequential run's class
VARIANTS = ["reference", "blank", "conv_forward_ignores_stride", "attack_patch_checks"]


def _as_postgres(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *argv]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    missing = [tool for tool in ("initdb", "pg_ctl", "createdb") if not shutil.which(tool)]
    if missing:
        pytest.skip(
            f"PostgreSQL is not installed ({', '.join(missing)} missing; Debian package "
            "postgresql): the PostgreSQL gradebook is not tested on this machine"
        )
    data = Path(tempfile.mkdtemp(prefix="course-pg-"))
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    port = _free_port()
    run = {"check": True, "capture_output": True}
    subprocess.run(_as_postgres(["initdb", "-D", str(data / "db"), "-A", "trust", "-U", "course",
                                 "--no-sync"]), **run)  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off"
    subprocess.run(_as_postgres(["pg_ctl", "-D", str(data / "db"), "-l", str(data / "log"),
                                 "-o", options, "-w", "start"]), **run)  # fmt: skip
    try:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "course",
                        "gradebook"], **run)  # fmt: skip
        yield f"postgresql+psycopg2://course@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(_as_postgres(["pg_ctl", "-D", str(data / "db"), "-m", "fast", "stop"]),
                       capture_output=True)  # fmt: skip
        shutil.rmtree(data, ignore_errors=True)


def test_parallel_workers_on_postgresql_lose_and_double_nothing(
    postgres_url, tmp_path_factory, monkeypatch, sequential_small_class
):
    from nbgrader.api import Gradebook

    sqlite_root, _, on_sqlite = sequential_small_class
    monkeypatch.setenv(DB_URL_ENV, postgres_url)
    root, students = small_class(tmp_path_factory, "on-postgres", VARIANTS)
    assert not (root / "gradebook.db").exists()
    first = grade_class(root, CONV, students, executor=LocalProcesses(2))
    again = grade_class(
        root, CONV, students, executor=LocalProcesses(2), resume=False
    )  # everyone regraded
    # the same outcome as the sequential run on SQLite, student by student
    expected = comparable_outcome(on_sqlite, sqlite_root)
    for result in (first, again):
        assert comparable_outcome(result, root) == {name: expected[name] for name in students}
    with Gradebook(postgres_url) as gb:
        submissions = gb.assignment_submissions(CONV)
        assert sorted(s.student.id for s in submissions) == sorted(students)
        totals = {s.student.id: s.score for s in submissions}
    assert totals == {s.student: s.total for s in on_sqlite.submissions if s.student in students}
