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
