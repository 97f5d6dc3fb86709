"""Calls a submission's graded functions on hidden inputs, inside the grading sandbox.

    python -m course.grading.trusted_worker CODE_PY CASES_JSON CASES_NPZ NAMES SECONDS

The run's token comes on stdin. ``CODE_PY`` holds the submission's cells, separated by lines
``# %%``; ``CASES_JSON``/``CASES_NPZ`` the inputs of every function (encoded by :func:`encode`);
``NAMES`` the comma-separated functions to call, in order; ``SECONDS`` the time limit per call.

This process is hostile territory: the student's code runs in it and can change anything here,
this module included. Nothing is judged here. The worker only reports, as frames of plain data
on its original stdout, what each call returned; :mod:`course.grading.trusted` reads,
validates and judges them in the grader's own process.

The wire format is :mod:`course.grading.trusted.protocol`, shared with the grader. This file
runs as a script, where the instructor package is not importable: the protocol module is loaded
by its path, ``trusted/protocol.py`` next to this file (the sandbox binds both files). It
imports only the standard library and NumPy.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

PROTOCOL = Path(__file__).resolve().with_name("trusted") / "protocol.py"


def _load_protocol() -> Any:
    spec = importlib.util.spec_from_file_location("_trusted_protocol", PROTOCOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


protocol = _load_protocol()
CELL_MARK, ISOLATE_KEY = protocol.CELL_MARK, protocol.ISOLATE_KEY
MAX_FRAME, MAX_MESSAGE = protocol.MAX_FRAME, protocol.MAX_MESSAGE
Channel, Replies = protocol.Channel, protocol.Replies
encode, decode = protocol.encode, protocol.decode
MAX_PRINTED = 10_000_000  # characters a cell or a call may print before it is stopped


class TimeLimitExceeded(BaseException):
    """Raised in a call that outlives its time limit."""


class OutputFlood(Exception):
    """Raised in a cell or call that prints more than MAX_PRINTED characters."""


class Discard(io.TextIOBase):
    """``sys.stdout`` and ``sys.stderr`` here: what the student's code prints is not read, but
    a cell or call that goes on printing is stopped (see :func:`guarded`), as the notebook's
    executor stops it, instead of printing until its time runs out."""

    left = MAX_PRINTED  # what the running cell or call may still print

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        Discard.left -= len(text)
        if Discard.left < 0:
            raise OutputFlood(f"printed more than {MAX_PRINTED} characters")
        return len(text)


class DependencyError(Exception):
    """The reference version of a dependency refused a call (its message says why)."""


def dependency(name: str, function: str, channel: Channel, replies: Replies) -> Callable[..., Any]:
    """A stand-in for the graded function ``name`` while ``function`` is checked: each call is
    sent to the grader, which answers with what the reference version returns (or its error).
    """

    def stand_in(*args: Any, **kwargs: Any) -> Any:
        out: dict[str, np.ndarray] = {}
        try:
            node = encode([list(args), kwargs], out)
        except TypeError as exc:
            raise DependencyError(f"{name} was called with {exc}, which it does not take") from None
        replies.sequence += 1
        meta = {"kind": "depend", "function": function, "dependency": name,
                "sequence": replies.sequence, "args": node}  # fmt: skip
        channel.send(meta, out)
        answer = replies.answer(replies.sequence)
        if "error" in answer["meta"]:
            raise DependencyError(f"{name}: {answer['meta']['error']}")
        return decode(answer["meta"]["value"], answer["arrays"])

    stand_in.__name__ = stand_in.__qualname__ = name
    return stand_in


def _on_alarm(signum: int, frame: object) -> None:
    raise TimeLimitExceeded


def _message(exc: BaseException) -> str:
    try:
        text = " ".join(str(exc).split())
    except Exception:
        text = ""
    return text[:MAX_MESSAGE]


def guarded(action: Callable[[], Any], seconds: float) -> tuple[Any, dict[str, str] | None]:
    """``(result, None)``, or ``(None, error)`` when ``action`` raises or times out."""
    signal.signal(signal.SIGALRM, _on_alarm)
    Discard.left = MAX_PRINTED
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            return action(), None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except TimeLimitExceeded:
        return None, {"kind": "timeout"}
    except BaseException as exc:
        return None, {"kind": "raised", "type": type(exc).__name__[:60], "message": _message(exc)}


def load(code: str, seconds: float) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Run the cells like a notebook does (an error in one cell does not stop the next)."""
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    errors = []
    for cell in _split(code.split("\n")):
        source = "\n".join(cell)
        _, error = guarded(lambda s=source: exec(compile(s, "<cell>", "exec"), namespace), seconds)
        if error:
            errors.append(error)
    return namespace, errors[:5]


def _split(lines: list[str]) -> list[list[str]]:
    cells: list[list[str]] = [[]]
    for line in lines:
        if line == CELL_MARK:
            cells.append([])
        else:
            cells[-1].append(line)
    return cells


def call(
    function: Callable[..., Any],
    case: dict[str, Any],
    arrays: dict[str, np.ndarray],
    seconds: float,
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The frame of one call: what it returned and its arguments afterwards, or its error."""
    args, kwargs = decode(case["args"], arrays), decode(case["kwargs"], arrays)
    value, error = guarded(lambda: function(*args, **kwargs), seconds)
    if error:
        return {"error": error}, {}
    out: dict[str, np.ndarray] = {}
    nodes, error = guarded(lambda: (encode(value, out), encode([args, kwargs], out)), seconds)
    if error and error["kind"] == "raised":
        error = {"kind": "output", "message": error["message"]}
    if error or sum(array.nbytes for array in out.values()) > MAX_FRAME // 2:
        return {"error": error or {"kind": "output", "message": "more than 8 MiB"}}, {}
    return {"value": nodes[0], "args": nodes[1]}, out


def run(
    namespace: dict[str, Any],
    names: list[str],
    cases: dict[str, list[dict[str, Any]]],
    arrays: dict[str, np.ndarray],
    seconds: float,
    channel: Channel,
    replies: Replies | None = None,
) -> None:
    """Call every function on its cases; stop a function at its first error.

    While a function listed in ``cases[ISOLATE_KEY]`` runs, the graded functions listed for it
    are stand-ins answered by the grader (:func:`dependency`), then the student's are put back:
    a function is judged on its own, whatever the state of the functions it calls.
    """
    isolate = cases.get(ISOLATE_KEY, {})
    for name in names:
        function = namespace.get(name)
        if not callable(function):
            what = "undefined" if name not in namespace else type(function).__name__[:60]
            channel.send({"kind": "missing", "function": name, "what": what})
            continue
        swapped = list(isolate.get(name, [])) if replies is not None else []
        saved = {h: namespace[h] for h in swapped if h in namespace}
        namespace.update({h: dependency(h, name, channel, replies) for h in swapped})  # type: ignore[arg-type]
        try:
            for index, case in enumerate(cases[name]):
                meta, out = call(function, case, arrays, seconds)
                channel.send({"kind": "result", "function": name, "case": index, **meta}, out)
                if "error" in meta:
                    break
        finally:
            for h in swapped:
                if h in saved:
                    namespace[h] = saved[h]
                else:
                    namespace.pop(h, None)


def _read_line(fd: int) -> bytes:
    """One line of ``fd``, read a byte at a time: nothing after it is taken from the pipe."""
    line = bytearray()
    while (byte := os.read(fd, 1)) not in (b"", b"\n"):
        line += byte
    return bytes(line).strip()


def main(argv: list[str]) -> None:
    code_py, cases_json, cases_npz, names, seconds = argv
    token = _read_line(0)
    channel = Channel(os.dup(1), token)
    replies = Replies(os.dup(0))  # the grader's answers to dependency calls
    os.dup2(2, 1)  # print() never goes into the frames (the worker's own errors: stderr)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    with open(cases_json, encoding="utf-8") as handle:
        cases = json.load(handle)
    with np.load(cases_npz, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    with open(code_py, encoding="utf-8") as handle:
        code = handle.read()
    # Nothing the student's code prints is read: it goes nowhere, and a print loop is
    # stopped (a 1 GB flood would otherwise keep the grader reading or the worker printing)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = Discard()
    channel.send({"kind": "started"})
    namespace, errors = load(code, float(seconds))
    channel.send({"kind": "loaded", "errors": errors})
    run(namespace, names.split(","), cases, arrays, float(seconds), channel, replies)
    channel.send({"kind": "done"})
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
