"""Grading a class in parallel, on this machine (``--jobs N``) or on a Dask cluster
(``--dask ADDRESS``), with a progress bar; same scores as the sequential run.

The unit of work is one student's submission, graded exactly as the sequential path grades it
(:func:`autograde.grade_submission`: sandboxed nbgrader pass, trusted verification, late
penalty) in a Dask worker process, and recorded in ``reports/<slug>/state/`` by that worker as
soon as it is done. So an interrupted run loses nothing: the next run (sequential or parallel)
grades only what was not recorded. A task that fails outright (a worker that dies, say) is
reported as "not graded" with the reason, as a grader failure; the others go on.

``--jobs N`` starts a :class:`distributed.LocalCluster` of N single-threaded worker
processes; ``--dask tcp://host:8786`` sends the tasks to an existing scheduler, whose workers
must see the course folder at the same path (a shared file system) and run the same
environment. The gradebook is nbgrader's: SQLite here, whose writers wait for each other
(write-ahead log, 120 s busy timeout); for many machines writing at once, point nbgrader's
``db_url`` at PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from course.grading import autograde, gradebook
from course.grading.results import ClassResult, SubmissionResult

_APIS: dict[str, object] = {}  # one nbgrader API per course and worker process


def grade_one(root: str, slug: str, student: str) -> SubmissionResult:
    """Grade and record one submission (a Dask task; runs in a worker process), exactly as the
    sequential run does (:func:`autograde.grade_student`: it never raises)."""
    course = Path(root)
    release_nb = gradebook.release_notebook(course, slug)
    log = course / "reports" / slug / "workers" / f"autograde-{os.getpid()}.log"
    with gradebook.stderr_to(log):
        api = _APIS.get(root) or _APIS.setdefault(root, gradebook.nbgrader_api(course))
        return autograde.grade_student(api, course, slug, student, release_nb, resume=False)


def _recorded(root: Path, slug: str, student: str, release_nb: Path) -> SubmissionResult | None:
    """The saved result of this submission; None (grade it) when it cannot be read."""
    try:
        return autograde.recorded(root, slug, student, release_nb)
    except Exception:  # a worker meets the same trouble and reports it for this student
        return None


@contextlib.contextmanager
def _environment_kept() -> Iterator[None]:
    """Put ``os.environ`` back as it was: a LocalCluster's nannies set OMP_NUM_THREADS,
    OPENBLAS_NUM_THREADS, MALLOC_TRIM_THRESHOLD_... for their workers in *this* process's
    environment and leave them there, so every kernel started afterwards (a notebook run, the
    next sequential grading) would run with one BLAS thread and round differently."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _connect(jobs: int, address: str | None):
    """A client of the cluster at ``address``, or of a new LocalCluster of ``jobs`` workers."""
    import dask
    from distributed import Client, LocalCluster

    if address:
        return Client(address), None
    # Dask's nannies would set MALLOC_TRIM_THRESHOLD_=65536 for their workers (to hand freed
    # memory back at once): every nbgrader pass in a worker then pays page faults again.
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )
    return Client(cluster), cluster


def _write_ahead_log(db: Path) -> None:
    """Let graders read the gradebook while another writes (persistent for the file)."""
    if db.exists():
        with sqlite3.connect(db, timeout=120) as connection:
            connection.execute("PRAGMA journal_mode=WAL")


def autograde_parallel(
    root: Path,
    slug: str,
    students: list[str] | None = None,
    *,
    resume: bool = True,
    jobs: int = 2,
    address: str | None = None,
    on_done: Callable[[SubmissionResult, int, int], None] | None = None,
) -> ClassResult:
    """Grade the class of ``slug`` on ``jobs`` local workers, or on the cluster at ``address``.

    ``on_done(result, done, total)`` is called as each submission finishes (the CLI's progress
    bar). Submissions recorded by an earlier run (and unchanged) are not graded again.
    """
    from distributed import as_completed

    release_nb = gradebook.release_notebook(root, slug)
    gradebook.register_assignment(root, slug, release_nb)
    students = students if students is not None else autograde.submitted_students(root, slug)
    results: dict[str, SubmissionResult] = {}
    todo = []
    for student in students:
        recorded = _recorded(root, slug, student, release_nb) if resume else None
        if recorded is not None:
            results[student] = recorded
        else:
            todo.append(student)
    done = len(results)
    if on_done:
        for result in results.values():
            on_done(result, done, len(students))
    if todo:
        _write_ahead_log(root / "gradebook.db")
        with _environment_kept():
            client, cluster = _connect(jobs, address)
            try:
                futures = {
                    client.submit(grade_one, str(root), slug, student, pure=False): student
                    for student in todo
                }
                for future in as_completed(futures):
                    student = futures[future]
                    try:
                        result = future.result()
                    except Exception as err:  # a dead worker, a lost task: report, go on
                        error = gradebook.one_line(err)
                        result = autograde.grader_failed(student, f"task failed: {error}", slug)
                    results[student] = result
                    done += 1
                    if on_done:
                        on_done(result, done, len(students))
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
    return autograde.class_result(root, slug, release_nb, [results[s] for s in students])
