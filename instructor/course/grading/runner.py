"""The class runner: which submissions to grade, on which executor, and the class's result.

Every run of `course autograde` and `course report` goes through :func:`grade_class`. It reads
the release notebook, makes sure the gradebook knows the assignment, keeps the submissions an
earlier run recorded (unchanged since: ``resume``), and hands the others to an executor, which
grades each exactly as :func:`autograde.grade_student` does (sandboxed nbgrader pass, trusted
verification, late penalty) and records it in ``reports/<slug>/state/`` as soon as it is done.
So an interrupted run loses nothing, whatever the executor: the next run grades only what was
not recorded. Executors:

- :class:`Sequential`: one submission after the other in this process (nbgrader's log in
  ``reports/<slug>/autograde.log``);
- :class:`LocalProcesses`: a :class:`distributed.LocalCluster` of N single-threaded worker
  processes on this machine (``--jobs N``);
- :class:`DaskCluster`: an existing Dask scheduler (``--dask tcp://host:8786``), whose workers
  see the course folder at the same path (a shared file system) and run the same environment.

Worker processes log to ``reports/<slug>/workers/``. A task that fails outright (a worker that
dies, say) is reported as "not graded" with the reason, as a grader failure; the others go on.
The gradebook is nbgrader's: SQLite here, whose writers wait for each other (write-ahead log,
120 s busy timeout); for many machines writing at once, point ``$COURSE_DB_URL`` at PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from course.grading import autograde, gradebook
from course.grading.results import ClassResult, SubmissionResult
from course.layout import release_notebook, submitted_students

OnDone = Callable[[SubmissionResult, int, int], None]


def grade_class(
    root: Path,
    slug: str,
    students: list[str] | None = None,
    *,
    resume: bool = True,
    executor: Executor | None = None,
    on_done: OnDone | None = None,
) -> ClassResult:
    """Grade the submissions of ``slug`` (every student in submitted/, or ``students``) on
    ``executor`` (default :class:`Sequential`) and return the class's result, in the order of
    ``students``. ``on_done(result, done, total)`` is called as each submission is settled
    (the CLI's progress bar)."""
    executor = executor or Sequential()
    release_nb = release_notebook(root, slug)
    with executor.logging(root, slug):
        gradebook.register_assignment(root, slug, release_nb)
        if students is None:
            students = submitted_students(root, slug)
        results: dict[str, SubmissionResult] = {}
        for student in students:
            earlier = _recorded(root, slug, student, release_nb) if resume else None
            if earlier is not None:
                results[student] = earlier
        todo = [s for s in students if s not in results]
        if on_done:
            for result in results.values():
                on_done(result, len(results), len(students))
        for result in executor.grade(root, slug, todo) if todo else ():
            results[result.student] = result
            if on_done:
                on_done(result, len(results), len(students))
    return autograde.class_result(root, slug, release_nb, [results[s] for s in students])


def autograde_class(
    root: Path, slug: str, students: list[str] | None = None, resume: bool = True
) -> ClassResult:
    """The class graded sequentially in this process (:func:`grade_class` with
    :class:`Sequential`)."""
    return grade_class(root, slug, students, resume=resume)


def _recorded(root: Path, slug: str, student: str, release_nb: Path) -> SubmissionResult | None:
    """The saved result of this submission; None (grade it) when it cannot be read: grading
    it meets the same trouble and reports it for this student."""
    try:
        return autograde.recorded(root, slug, student, release_nb)
    except Exception:
        return None


class Executor:
    """Grades a list of submissions, yielding each result as it is done (any order)."""

    def logging(self, root: Path, slug: str) -> contextlib.AbstractContextManager:
        """Where this process's stderr (nbgrader's log) goes during the run."""
        return contextlib.nullcontext()

    def grade(self, root: Path, slug: str, students: list[str]) -> Iterator[SubmissionResult]:
        raise NotImplementedError


class Sequential(Executor):
    """One submission after the other, in this process, with one nbgrader API."""

    def logging(self, root: Path, slug: str) -> contextlib.AbstractContextManager:
        return gradebook.stderr_to(root / "reports" / slug / "autograde.log")

    def grade(self, root: Path, slug: str, students: list[str]) -> Iterator[SubmissionResult]:
        release_nb = release_notebook(root, slug)
        api = gradebook.nbgrader_api(root)
        for student in students:
            yield autograde.grade_student(api, root, slug, student, release_nb)


_APIS: dict[str, object] = {}  # one nbgrader API per course and worker process


def grade_one(root: str, slug: str, student: str) -> SubmissionResult:
    """Grade and record one submission in a Dask worker process, exactly as the sequential
    run does (:func:`autograde.grade_student`: it never raises)."""
    course = Path(root)
    release_nb = release_notebook(course, slug)
    log = course / "reports" / slug / "workers" / f"autograde-{os.getpid()}.log"
    with gradebook.stderr_to(log):
        api = _APIS.get(root) or _APIS.setdefault(root, gradebook.nbgrader_api(course))
        return autograde.grade_student(api, course, slug, student, release_nb)


class _Dask(Executor):
    """Submissions as Dask tasks (:func:`grade_one`), one per submission."""

    def _client(self):  # -> (distributed.Client, cluster to close or None)
        raise NotImplementedError

    def grade(self, root: Path, slug: str, students: list[str]) -> Iterator[SubmissionResult]:
        from distributed import as_completed

        _write_ahead_log(root / "gradebook.db")
        with _environment_kept():
            client, cluster = self._client()
            try:
                futures = {
                    client.submit(grade_one, str(root), slug, student, pure=False): student
                    for student in students
                }
                for future in as_completed(futures):
                    try:
                        yield future.result()
                    except Exception as err:  # a dead worker, a lost task: report, go on
                        error = f"task failed: {gradebook.one_line(err)}"
                        yield autograde.grader_failed(futures[future], error, slug)
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()


@dataclass
class LocalProcesses(_Dask):
    """``jobs`` single-threaded worker processes on this machine (a Dask LocalCluster)."""

    jobs: int = 2

    def __str__(self) -> str:
        return f"{self.jobs} local workers"

    def _client(self):
        from distributed import Client

        cluster = local_cluster(self.jobs)
        return Client(cluster), cluster


@dataclass
class DaskCluster(_Dask):
    """The workers of the Dask scheduler at ``address`` (``tcp://host:8786``)."""

    address: str

    def __str__(self) -> str:
        return f"the Dask cluster at {self.address}"

    def _client(self):
        from distributed import Client

        return Client(self.address), None


def local_cluster(jobs: int):  # -> distributed.LocalCluster
    """A Dask LocalCluster of ``jobs`` single-threaded worker processes on this machine, this
    process's environment left as it was (close it when done)."""
    import dask
    from distributed import LocalCluster

    # Dask's nannies would set MALLOC_TRIM_THRESHOLD_=65536 for their workers (to hand freed
    # memory back at once): every nbgrader pass in a worker then pays page faults again.
    trim = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
    with _environment_kept(), dask.config.set(trim):
        return LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
        )


def executor_for(jobs: int = 1, address: str | None = None) -> Executor:
    """The executor of `course autograde`'s ``--jobs N`` / ``--dask ADDRESS``."""
    if address:
        return DaskCluster(address)
    return LocalProcesses(jobs) if jobs > 1 else Sequential()


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


def _write_ahead_log(db: Path) -> None:
    """Let graders read the gradebook while another writes (persistent for the file)."""
    if db.exists():
        with sqlite3.connect(db, timeout=120) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
