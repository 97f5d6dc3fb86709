"""The environment the student's code gets in the full sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from course.grading import sandbox


def test_what_a_dask_worker_sets_for_itself_is_not_passed_on(monkeypatch):
    """A kernel started by a Dask worker runs as one started sequentially: a nanny's
    MALLOC_TRIM_THRESHOLD_ (page faults on every reuse of freed memory) and PYTHONHASHSEED
    stay out, and so do the grader's home and Jupyter's settings."""
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    monkeypatch.setenv("PYTHONHASHSEED", "6640")
    monkeypatch.setenv("JUPYTER_PATH", "/somewhere")
    monkeypatch.setenv("LANG", "C.UTF-8")
    env = sandbox._sandbox_env()
    assert not {"MALLOC_TRIM_THRESHOLD_", "PYTHONHASHSEED", "JUPYTER_PATH"} & set(env)
    assert env["HOME"] == "/tmp/.sandbox"
    assert env["LANG"] == "C.UTF-8"
    assert env["OPENBLAS_NUM_THREADS"] == "1"


def test_student_code_gets_an_allow_listed_environment(monkeypatch):
    """A hook in a student's cell may print os.environ: the grader's secrets are not there."""
    monkeypatch.setenv("COURSE_DB_URL", "postgresql+psycopg2://grader:s3cret@db/gradebook")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "xyz")
    monkeypatch.setenv("COURSE_DATA_DIR", "/data")
    for env in (sandbox._sandbox_env(), sandbox._limits_env()):
        assert "COURSE_DB_URL" not in env and "AWS_SECRET_ACCESS_KEY" not in env
        assert env["COURSE_DATA_DIR"] == "/data"
        assert set(env) <= sandbox.PASSED_ON | {
            "HOME", "MPLCONFIGDIR", "IPYTHONDIR", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
            "MKL_NUM_THREADS", "PYTHONDONTWRITEBYTECODE",
        }  # fmt: skip


def test_a_course_under_tmp_is_visible_in_the_sandbox_and_tmp_is_the_students(tmp_path):
    """A fresh clone under /tmp: what is bound from the host's /tmp (here a folder exposed
    with COURSE_SANDBOX_EXPOSE, as the course and its venv would be) is visible read-only,
    and the student's own /tmp works. The sandbox used to stop with FileExistsError."""
    import os
    import subprocess
    import sys

    course = tmp_path / "a clone with spaces"
    course.mkdir()
    (course / "marker.txt").write_text("here")
    work = tmp_path / "work"
    work.mkdir()
    code = (
        f"import os; print(open({str(course / 'marker.txt')!r}).read());"
        "open('/tmp/mine', 'w').write('x'); print(os.listdir('/tmp/work'))"
    )
    done = subprocess.run(
        [sys.executable, "-m", sandbox.MODULE, "run", str(work), "--", sys.executable, "-c", code],
        env={**os.environ, "COURSE_SANDBOX_EXPOSE": str(course)},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:2] == ["here", "[]"]


@pytest.mark.parametrize(
    ("assignment", "seen"),
    [
        ("conv_step_by_step", "ModuleNotFoundError FileNotFoundError three_layer"),
        ("conv_application", "layers layers three_layer"),
        ("dnn_step_by_step", "ModuleNotFoundError FileNotFoundError ModuleNotFoundError"),
    ],
)
def test_student_code_sees_the_package_as_it_stands_for_the_graded_assignment(
    tmp_path, assignment, seen
):
    """The fast layers answer conv_step_by_step and reach students with conv_application;
    the three-layer network answers dnn_step_by_step and comes with initialization. While an
    assignment is graded, its student code can neither import nor read what the schedule
    withholds (they were importable from the grading sandbox before)."""
    import os
    import subprocess
    import sys

    import assignments

    layers_file = Path(assignments.__file__).parent / "nn" / "layers.py"
    code = (
        "def attempt(action):\n"
        "    try:\n"
        "        return action()\n"
        "    except Exception as err:\n"
        "        return type(err).__name__\n"
        "import importlib\n"
        "print(attempt(lambda: importlib.import_module('assignments.nn.layers').__name__[-6:]),"
        f" attempt(lambda: open({str(layers_file)!r}).read(6) and 'layers'),"
        " attempt(lambda: importlib.import_module('assignments.nn.three_layer').__name__[-11:]))"
    )
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", sandbox.MODULE, "run", str(work), "--", sys.executable, "-c", code],
        env={**os.environ, sandbox.ENV_ASSIGNMENT: assignment},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == seen


def test_the_sandbox_dev_holds_only_what_a_kernel_uses(tmp_path):
    """The host's /dev was bound whole: /dev/kmsg (the host kernel's log) was readable from
    student code (red team, round 3)."""
    import os
    import subprocess
    import sys

    code = (
        "import os; print(sorted(os.listdir('/dev')));"
        "print(open('/dev/urandom', 'rb').read(4).__len__(), open('/dev/null', 'w').write('x'));"
        "open('/dev/shm/x', 'w').write('ok'); print(os.path.exists('/dev/kmsg'))"
    )
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", sandbox.MODULE, "run", str(work), "--", sys.executable, "-c", code],
        env=dict(os.environ), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == [
        "['fd', 'full', 'null', 'random', 'shm', 'stderr', 'stdin', 'stdout', 'tty', 'urandom', "
        "'zero']",
        "4 1",
        "False",
    ]


def _uid(pid: str) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))


def test_nothing_outlives_a_grader_killed_alone(tmp_path):
    """The OOM killer may kill the grader's process alone, not its process group. The
    sandboxed program kept running: the change to the student's uid cleared the parent-death
    signal that unshare's --kill-child had set. It is set again after the change."""
    import os
    import signal
    import subprocess
    import sys
    import time

    work = tmp_path / "work"
    work.mkdir()
    marker = f"orphan-probe-{os.getpid()}"
    launcher = subprocess.Popen(
        [sys.executable, "-m", sandbox.MODULE, "run", str(work), "--", sys.executable, "-c",
         f"import time; time.sleep(120)  # {marker}"],
        start_new_session=True,
    )  # fmt: skip

    def running() -> list[str]:
        """The program's processes once it runs as the student (the launcher's own command
        line holds the marker too)."""
        found = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True).stdout
        return [pid for pid in found.split() if _uid(pid) not in (None, os.getuid())]

    deadline = time.monotonic() + 30
    while not running() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert running(), "the sandboxed program did not start"
    os.kill(launcher.pid, signal.SIGKILL)  # the launcher alone
    launcher.wait()
    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.2)
    left = running()
    for pid in left:
        os.kill(int(pid), signal.SIGKILL)
    assert left == []


@pytest.mark.parametrize("launcher_alive", [True, False])
def test_no_program_starts_once_its_launcher_is_gone(tmp_path, launcher_alive):
    """Between the change to the student's uid (which clears the parent-death signal) and the
    signal set again, a launcher killed alone would leave an orphan: the step that sets the
    signal again starts the program only while the launcher still holds its pipe."""
    import os
    import subprocess
    import sys

    read, write = os.pipe()
    if not launcher_alive:
        os.close(write)
    started = tmp_path / "started"
    program = [sys.executable, "-c", f"open({str(started)!r}, 'w').close()"]
    done = subprocess.run(
        [sys.executable, "-c", sandbox._REARM, str(read), *program], pass_fds=(read,)
    )
    os.close(read)
    if launcher_alive:
        os.close(write)
    assert (done.returncode, started.exists()) == ((0, True) if launcher_alive else (1, False))
