"""The environment the student's code gets in the full sandbox."""

from __future__ import annotations

from assignments.grading import sandbox


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
