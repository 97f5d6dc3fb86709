"""Running trusted verification: the worker process, in the sandbox, on the prepared cases;
the grader's answers to its dependency calls; its stream read to the end or to the reason it
stopped; a new run after a function that ends one; and the verdicts (:func:`verify`).

When a run ends before ``done`` (crash, ``os._exit``, a hang, a protocol violation), the
function it was calling fails with that reason, and a new run continues with the next function:
one broken function never costs the others. When the notebook's code itself cannot be run (the
first run ends before ``loaded``: ``os._exit`` at top level, say), the verification fails as a
whole (:attr:`TrustedResult.error`) and so does every function.
"""

from __future__ import annotations

import contextlib
import os
import queue
import resource
import secrets
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from course.grading.cells import NotebookError
from course.grading.sandbox import ENV_ASSIGNMENT
from course.grading.sandbox import MODULE as SANDBOX
from course.grading.trusted import compare
from course.grading.trusted.compare import Observed, Verdict
from course.grading.trusted.notebook import student_code
from course.grading.trusted.prepare import Prepared, encoded_size, prepare
from course.grading.trusted.protocol import (
    CELL_MARK,
    MAX_OUTPUT,
    MAX_STDERR,
    ProtocolError,
    answer_frame,
    decode_checked,
    encode,
    line,
    pack,
)
from course.grading.trusted.stream import Stream

CALL_SECONDS = 10.0
# the worker runs as a script: in the sandbox, it and the protocol module are all there is of
# the instructor package (course.grading.sandbox.readonly_paths)
WORKER = str(Path(__file__).resolve().parents[1] / "trusted_worker.py")


@dataclass
class TrustedResult:
    """The verdict on every graded function; ``error`` when the run failed as a whole."""

    verdicts: dict[str, Verdict]
    error: str | None = None

    @property
    def passed(self) -> dict[str, bool]:
        """``{function: passed}``."""
        return {name: verdict.passed for name, verdict in self.verdicts.items()}


TOO_LARGE = "asked for a far larger answer than the assignment's cases"
ANSWER_ROOM = 512 * 2**20  # address space a dependency's reference may take beyond its answer


@contextlib.contextmanager
def _memory_room(room: int) -> Iterator[None]:
    """While inside, the grader's process may grow its address space by ``room`` bytes at
    most (RLIMIT_AS, soft): a reference that student arguments make allocate more gets a
    MemoryError instead of the machine's memory. Without a /proc (not Linux), no cap."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = pages * resource.getpagesize() + room
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _Answers:
    """Answers the dependency calls of one run with the reference versions, in the grader's
    process, within the limits of :class:`~course.grading.trusted.prepare.Limit`; the answers
    go to the worker's stdin."""

    def __init__(self, prepared: Prepared, write: Callable[[bytes], None]) -> None:
        self.prepared, self.write = prepared, write
        self.calls: dict[tuple[str, str], int] = {}

    def __call__(self, function: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        helper, sequence = meta.get("dependency"), meta.get("sequence")
        if not isinstance(helper, str) or type(sequence) is not int:
            raise ProtocolError("a malformed call of a dependency")
        limit = self.prepared.limits.get(function, {}).get(helper)
        if limit is None:
            raise ProtocolError(f"a call of {line(helper, 60)} while {function} is checked")
        key = (function, str(helper))
        self.calls[key] = self.calls.get(key, 0) + 1
        if self.calls[key] > limit.calls:
            raise ProtocolError(f"more than {limit.calls} calls of {helper}")
        reply: dict[str, Any]
        out: dict[str, np.ndarray] = {}
        if sum(array.nbytes for array in arrays.values()) > limit.nbytes:
            reply = {"error": "called with far larger arrays than the assignment's cases"}
        else:
            try:
                args, kwargs = decode_checked(meta.get("args"), arrays)
                if not isinstance(args, list) or not isinstance(kwargs, dict):
                    raise ProtocolError("malformed arguments")
                # small arguments may ask for a huge answer (a shape of (6000, 6000)): the
                # reference runs with little room to allocate, and what it returns is sized
                with _memory_room(16 * limit.result_nbytes + ANSWER_ROOM):
                    value = self.prepared.functions[str(helper)](*args, **kwargs)
                if encoded_size(value) > limit.result_nbytes:
                    raise ValueError(TOO_LARGE)
                reply = {"value": encode(value, out)}
            except MemoryError:
                reply, out = {"error": TOO_LARGE}, {}
            except (ProtocolError, ValueError) as exc:
                reply, out = {"error": line(exc)}, {}
            except Exception as exc:  # the reference refused the arguments it was given
                reply, out = {"error": f"{type(exc).__name__}: {line(exc)}"}, {}
        self.write(answer_frame(sequence, pack(reply, out)))


def _command(workdir: Path, names: list[str], sandbox: bool, seconds: float) -> list[str]:
    files = ["code.py", "cases.json", "cases.npz"]
    command = [sys.executable, "-P", WORKER, *files, ",".join(names), repr(seconds)]
    if sandbox:
        return [sys.executable, "-m", SANDBOX, "run", str(workdir), "--", *command]
    return command


def _exit_reason(process: subprocess.Popen, stderr: bytes, started: bool) -> str:
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        return "the process closed its output"
    if code >= 0:
        reason = f"the process ended (exit code {code})"
    else:
        try:
            reason = f"the process was killed by {signal.Signals(-code).name}"
        except ValueError:
            reason = f"the process was killed by signal {-code}"
    if not started and stderr.strip():  # no student code ran yet: the worker's own error
        reason += ": " + line(stderr.decode(errors="replace").strip().split("\n")[-1])
    return reason


def _pump(process: subprocess.Popen, stream: Stream, deadline: float, stall: float) -> str | None:
    """Feed the process's output to ``stream`` until ``done``; the reason it stopped if not."""
    stderr, last = bytearray(), time.monotonic()
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ, "out")  # type: ignore[arg-type]
        selector.register(process.stderr, selectors.EVENT_READ, "err")  # type: ignore[arg-type]
        while not stream.done:
            now = time.monotonic()
            due = min(deadline, last + stall) if stream.loaded else deadline
            if now >= due:
                if due == deadline:
                    return "the time limit of the whole check ran out"
                return f"took longer than {stream.seconds:g} s and could not be interrupted"
            if "out" not in {key.data for key in selector.get_map().values()}:
                return _exit_reason(process, bytes(stderr), stream.started)
            for key, _ in selector.select(due - now):
                chunk = os.read(key.fd, 1 << 20)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.data == "err":
                    stderr += chunk[: max(0, MAX_STDERR - len(stderr))]
                elif stream.size + len(chunk) > MAX_OUTPUT:
                    return f"wrote more than {MAX_OUTPUT >> 20} MiB to the grader"
                else:
                    try:
                        last = time.monotonic() if stream.feed(chunk) else last
                    except ProtocolError as exc:
                        return f"broke the grader's protocol ({exc})"
                    except Exception as exc:  # what a frame holds is the student's: any
                        # error it causes is a broken protocol, never the grader's failure
                        return f"broke the grader's protocol ({type(exc).__name__})"
    return None


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


class _Writer:
    """Writes to the worker's stdin from a thread of its own: a worker that stops reading
    fills the pipe, and the grader must go on reading its output meanwhile."""

    def __init__(self, pipe: Any) -> None:
        self.pipe, self.queue = pipe, queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, data: bytes) -> None:
        self.queue.put(data)

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.pipe.write(data)
                self.pipe.flush()
            except (OSError, ValueError):
                return  # the worker is gone

    def stop(self) -> None:
        self.queue.put(None)
        self.thread.join(timeout=5)


def _run_once(
    prepared: Prepared,
    workdir: Path,
    names: list[str],
    counts: dict[str, int],
    deadline: float,
    sandbox: bool,
    seconds: float,
) -> tuple[Stream, str | None]:
    """One worker process on ``names``: its stream, and why it stopped early (or None)."""
    token = secrets.token_hex(16).encode()
    process = subprocess.Popen(
        _command(workdir, names, sandbox, seconds),
        cwd=workdir,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    writer = _Writer(process.stdin)  # type: ignore[arg-type]
    stream = Stream(token, names, counts, seconds, _Answers(prepared, writer.put))
    try:
        writer.put(token + b"\n")
        return stream, _pump(process, stream, deadline, 2 * seconds + 2)
    finally:
        _kill(process)
        writer.stop()


def _write_inputs(workdir: Path, prepared: Prepared, code: str) -> None:
    prelude = f"{CELL_MARK}\n{prepared.spec.prelude}\n"
    (workdir / "code.py").write_text(prelude + code, encoding="utf-8")
    (workdir / "cases.json").write_text(prepared.cases_json, encoding="utf-8")
    (workdir / "cases.npz").write_bytes(prepared.cases_npz)


def _observe(
    prepared: Prepared, code: str, timeout: float, sandbox: bool, seconds: float
) -> tuple[dict[str, Observed], str | None]:
    """Run the worker until every function has been called (a new run after each function
    that ends a run); a run-level error when the notebook's code cannot run at all."""
    counts = {name: len(cases) for name, cases in prepared.cases.items()}
    observed = {name: Observed() for name in counts}
    pending, first = list(counts), True
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="trusted-") as tmp:
        _write_inputs(Path(tmp), prepared, code)
        while pending:
            if time.monotonic() >= deadline:
                for name in pending:
                    observed[name].stopped = "not checked: the time limit of the check ran out"
                break
            stream, failure = _run_once(
                prepared, Path(tmp), pending, counts, deadline, sandbox, seconds
            )
            if failure is not None and not stream.loaded:
                if first:
                    return observed, _run_error(stream, failure)
                for name in pending:
                    observed[name].stopped = failure
                break
            culprit = stream.current if failure is not None else None
            done = pending if culprit is None else pending[: pending.index(culprit) + 1]
            observed.update({name: stream.observed[name] for name in done})
            if culprit is not None:
                observed[culprit].stopped = failure
            pending, first = pending[len(done) :], False
    return observed, None


def _run_error(stream: Stream, failure: str) -> str:
    if not stream.started:
        return f"the trusted check could not start: {failure}"
    return (
        f"the notebook's code stopped the trusted check before any function was called: {failure}"
    )


def _all_failed(names: list[str], error: str) -> TrustedResult:
    return TrustedResult({name: Verdict(False, error) for name in names}, error)


def verify(
    source_dir: Path,
    source_nb: Path,
    submission_nb: Path,
    *,
    timeout: float = 120.0,
    sandbox: bool = True,
    call_seconds: float = CALL_SECONDS,
) -> TrustedResult:
    """Check every graded function of ``submission_nb`` against the reference of ``source_nb``
    on the hidden cases of ``source_dir/trusted_cases.py``, outside the student's kernel.

    ``timeout`` bounds the whole check, ``call_seconds`` each call; ``sandbox=False`` runs the
    worker as a plain subprocess (machines without namespaces, fast tests), same protocol.
    """
    # the student package as it stands for this assignment (course.schedule), in the sandbox
    os.environ[ENV_ASSIGNMENT] = Path(source_dir).resolve().name
    prepared = prepare(Path(source_dir), Path(source_nb))
    names = list(prepared.cases)
    try:
        code = student_code(Path(submission_nb))
    except (NotebookError, OSError) as exc:
        return _all_failed(names, str(exc) if isinstance(exc, NotebookError) else line(exc))
    observed, error = _observe(prepared, code, timeout, sandbox, call_seconds)
    if error:
        return _all_failed(names, error)
    verdicts = {
        name: compare.judge(
            prepared.cases[name], observed[name], *prepared.spec.tolerance_for(name)
        )
        for name in names
    }
    return TrustedResult(verdicts)
