"""The environment the student's code gets in the full sandbox."""

from __future__ import annotations

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
