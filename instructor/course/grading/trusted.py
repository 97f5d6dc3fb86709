"""Trusted verification: every graded function re-checked outside the student's kernel.

nbgrader runs the hidden tests inside the student's kernel, where the student's code can
monkey-patch NumPy or return an array whose ``__eq__`` lies. Here the verdict is reached in the
grader's own process instead:

1. the submission's code (its code cells except nbgrader's grade and locked cells, IPython
   magics and shell lines removed, after the assignment's ``PRELUDE``) is run by
   :mod:`course.grading.trusted_worker` in a fresh process inside the grading sandbox
   (:mod:`course.grading.sandbox`), which calls each graded function on the hidden cases of
   ``source/<assignment>/trusted_cases.py``;
2. what each call returned (and its arguments afterwards, to catch in-place changes) comes
   back as plain data: None, bools, ints, floats, strings, tuples, lists, str-keyed dicts and
   numeric or boolean arrays, nothing that unpickles or runs code;
3. the grader validates that data and compares it with what the reference solution of the
   source notebook returns on the same cases, computed here: the structure must match (tuple
   or list and its length, dict keys, a number versus an array), shapes must be equal, a
   floating-point result must be a float array that agrees within the course's tolerance
   rule (:func:`assignments.checks.tolerance`: normwise, by the precision the student computed
   in; NaN or inf where the reference is finite fails), a boolean result is
   compared as booleans (1/0 integers accepted, as in the notebook's tests), and the
   arguments must be unchanged after the call.

Protocol
--------
The grader writes ``code.py`` (cells separated by ``# %%`` lines), ``cases.json`` and
``cases.npz`` into a fresh private temporary directory and starts the worker on it, through
``python -m course.grading.sandbox run DIR -- ...``. The sandbox works on a copy of DIR
(at /tmp/work in a private /tmp), so nothing comes back through files: results come back on the
worker's stdout. A fresh random token is written to the worker's stdin. The worker keeps a
duplicate of its stdout for itself and, before the student's code runs, points file descriptors
1 and 2 at /dev/null, so that whatever that code prints never enters the channel (nor costs the
grader any reading). On the channel it writes frames::

    TOKEN SIZE\\n  followed by SIZE bytes: an uncompressed npz holding "meta" (UTF-8 JSON as
                  uint8) and the arrays the JSON refers to

in this order: ``started`` (inputs read), ``loaded`` (the cells ran; their errors), then for
each function either ``missing`` or one ``result`` per case (the value and the arguments after
the call, or the error; a function stops at its first error), and ``done``.

The grader reads stdout (at most 64 MiB, a frame at most 16 MiB), skips bytes that do not start
a frame with the token and accepts frames only in the order above: anything else is a protocol
violation that ends the run. Each call has ``call_seconds`` (SIGALRM in the worker); as the
student's code can block that alarm, the grader also stops a run that makes no progress for
``2 * call_seconds + 2`` seconds; the whole verification has ``timeout`` seconds.

When a run ends before ``done`` (crash, ``os._exit``, a hang, a protocol violation), the
function it was calling fails with that reason, and a new run continues with the next function:
one broken function never costs the others. When the notebook's code itself cannot be run (the
first run ends before ``loaded``: ``os._exit`` at top level, say), the verification fails as a
whole (:attr:`TrustedResult.error`) and so does every function.

Why forging the channel gains nothing
-------------------------------------
The student's code runs in the worker's process, so it can read the token, write frames of its
own or alter the worker. But the expected outputs never enter the sandbox: the reference runs
here. A frame can therefore only carry values that the student's code computed itself, and a
forged stream that passes is a correct implementation of the hidden cases, no more. Everything
read from the sandbox is treated as hostile data: npz members must be stored uncompressed, with
a numeric or boolean dtype and a header that fits their size (no pickle, no decompression
bomb), JSON nodes are checked for type, depth and length, frames out of order stop the run,
messages are cut to one printable line. A forged stream can fail the student's own functions;
it cannot crash or confuse the grader.

Reasons name the failing case by its shapes and hyperparameters, never by expected values. The
hidden inputs do enter the sandbox (the functions are called on them) and an exception message
of the student's code is quoted in a reason (one line, at most 200 characters).
"""

from __future__ import annotations

import contextlib
import importlib.util
import inspect
import io
import json
import math
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
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assignments import checks
from course.grading import trusted_worker as worker
from course.grading.samples import strip_solution_markers

CASES_FILE = "trusted_cases.py"
CALL_SECONDS = 10.0
# rtol None: the course's tolerance rule (assignments.checks.tolerance) for the precision the
# student computed in; an assignment overrides it only for a reason written in trusted_cases.py
DEFAULT_TOLERANCE: dict[str, float | None] = {"rtol": None, "atol": 0.0}
MAX_OUTPUT = 64 * 1024 * 1024
MAX_STDERR = 8 * 1024
MAX_ARRAYS = 1000
MAX_STRING = 10_000
# the worker runs as a script: in the sandbox, this file is all there is of the instructor
# package (course.grading.sandbox.readonly_paths)
WORKER = str(Path(worker.__file__).resolve())
SANDBOX = "course.grading.sandbox"
SANDBOX_ASSIGNMENT = "COURSE_ASSIGNMENT"  # course.grading.sandbox.ENV_ASSIGNMENT


class NotebookError(ValueError):
    """A submission that is not a readable notebook."""


class ProtocolError(ValueError):
    """Data from the sandbox that breaks the protocol."""


@dataclass(frozen=True)
class Verdict:
    """The trusted verdict on one graded function, with a one-line reason."""

    passed: bool
    reason: str


@dataclass
class TrustedResult:
    """The verdict on every graded function; ``error`` when the run failed as a whole."""

    verdicts: dict[str, Verdict]
    error: str | None = None

    @property
    def passed(self) -> dict[str, bool]:
        """``{function: passed}``."""
        return {name: verdict.passed for name, verdict in self.verdicts.items()}


Case = dict[str, Any]  # one call in trusted_cases.cases(): {"args": [...], "kwargs": {...}}


def case(*args: Any, **kwargs: Any) -> Case:
    """The call ``function(*args, **kwargs)``, as ``cases()`` of ``trusted_cases.py`` lists it."""
    return {"args": list(args), "kwargs": kwargs}


@dataclass(frozen=True)
class Spec:
    """What ``trusted_cases.py`` of an assignment defines."""

    prelude: str
    cases: dict[str, list[dict[str, Any]]]
    tolerance: dict[str, float | None]
    tolerances: dict[str, dict[str, float | None]] = field(default_factory=dict)
    isolate: dict[str, list[str]] = field(default_factory=dict)

    def tolerance_for(self, name: str) -> tuple[float | None, float]:
        """``(rtol, atol)`` of one function (rtol None: the course's rule)."""
        tolerance = {**self.tolerance, **self.tolerances.get(name, {})}
        rtol = tolerance["rtol"]
        return (None if rtol is None else float(rtol)), float(tolerance["atol"] or 0.0)


# --------------------------------------------------------------------------- instructor side


def load_spec(source_dir: Path) -> Spec:
    """Import ``trusted_cases.py`` of an assignment's source folder (trusted code).

    It defines ``PRELUDE`` (code run before the function cells), ``cases()`` (``{function:
    [{"args": [...], "kwargs": {...}}, ...]}``), and optionally ``TOLERANCE`` (``rtol``,
    ``atol``), ``FUNCTION_TOLERANCE`` (``{function: {"rtol": ...}}``) and ``ISOLATE``
    (``{function: [names]}``: while ``function`` runs, each of ``names`` is a stand-in that the
    grader answers with the reference version's result, computed in the grader's process; a
    function that calls other graded functions is then judged on its own, and no reference code
    ever enters the student's process). A dependency that has cases of its own must come
    before the functions that call it in ``cases()``: it is judged before its stand-in exists.
    """
    path = Path(source_dir) / CASES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: it defines the cases of trusted verification.")
    module_spec = importlib.util.spec_from_file_location(f"_trusted_cases_{path.parent.name}", path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    cases = {
        name: [_checked_case(path, name, case) for case in items]
        for name, items in module.cases().items()
    }
    return Spec(
        prelude=str(getattr(module, "PRELUDE", "")),
        cases=cases,
        tolerance={**DEFAULT_TOLERANCE, **getattr(module, "TOLERANCE", {})},
        tolerances=dict(getattr(module, "FUNCTION_TOLERANCE", {})),
        isolate=_checked_isolate(path, getattr(module, "ISOLATE", {}), cases),
    )


def _checked_isolate(path: Path, isolate: Any, cases: dict[str, Any]) -> dict[str, list[str]]:
    if not isinstance(isolate, dict) or not all(
        name in cases and isinstance(helpers, (list, tuple))
        and all(isinstance(h, str) and h.isidentifier() for h in helpers)
        for name, helpers in isolate.items()
    ):  # fmt: skip
        raise ValueError(
            f"{path}: ISOLATE must map graded functions with cases to lists of function names."
        )
    order = list(cases)
    for name, helpers in isolate.items():
        late = [h for h in helpers if h in cases and order.index(h) > order.index(name)]
        if late:
            raise ValueError(
                f"{path}: cases() lists {', '.join(late)} after {name}, which calls them: "
                "list a dependency first, so that it is judged before its stand-in exists."
            )
    return {name: list(helpers) for name, helpers in isolate.items()}


def _checked_case(path: Path, name: str, case: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(case, dict) or not set(case) <= {"args", "kwargs"}:
        raise ValueError(f"{path}: a case of {name} must be a dict with 'args' and 'kwargs'.")
    return {"args": list(case.get("args", [])), "kwargs": dict(case.get("kwargs", {}))}


def reference_functions(source_nb: Path, prelude: str) -> dict[str, Callable[..., Any]]:
    """The functions of the source notebook: ``prelude`` then every solution cell (without
    its solution markers), run in one namespace of the grader's process."""
    namespace: dict[str, Any] = {"__name__": "__reference__"}
    exec(compile(prelude, "<prelude>", "exec"), namespace)
    for cell in _cells(Path(source_nb)):
        if cell.get("cell_type") == "code" and _nbgrader(cell).get("solution"):
            code = _without_magics(strip_solution_markers(_source(cell)))
            exec(compile(code, str(source_nb), "exec"), namespace)
    return {name: value for name, value in namespace.items() if inspect.isfunction(value)}


# --------------------------------------------------------------------------- the notebook


def _cells(path: Path) -> list[dict[str, Any]]:
    try:
        notebook = json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except ValueError as exc:
        raise NotebookError(f"{path.name} is not valid JSON ({exc}).") from exc
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise NotebookError(f"{path.name} is not a notebook (it has no list of cells).")
    return [cell for cell in cells if isinstance(cell, dict)]


def _nbgrader(cell: dict[str, Any]) -> dict[str, Any]:
    metadata = cell.get("metadata")
    nbgrader = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    return nbgrader if isinstance(nbgrader, dict) else {}


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(line for line in source if isinstance(line, str))
    return source if isinstance(source, str) else ""


def _without_magics(source: str) -> str:
    """``source`` without IPython magics and shell escapes (lines starting with % or !)."""

    def magic(line: str) -> bool:
        stripped = line.lstrip()
        return stripped.startswith("%") or (stripped.startswith("!") and stripped[:2] != "!=")

    return "\n".join(line for line in source.split("\n") if not magic(line))


def student_code(submission_nb: Path) -> str:
    """The code to run for the student: every code cell of the submitted notebook except
    nbgrader's grade cells and locked cells, magics removed; cells are separated by ``# %%``.

    Raises :class:`NotebookError` when the file is not a notebook.
    """
    cells = [
        _without_magics(_source(cell))
        for cell in _cells(Path(submission_nb))
        if cell.get("cell_type") == "code"
        and not _nbgrader(cell).get("grade")
        and not _nbgrader(cell).get("locked")
    ]
    return "".join(f"{worker.CELL_MARK}\n{cell}\n" for cell in cells)


# --------------------------------------------------------------------------- plain data


def _read_npy(member: Any, size: int) -> np.ndarray:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
    else:
        raise ProtocolError(f"an npy file of version {version}")
    if dtype.kind not in worker.KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise ProtocolError(f"an array of dtype {dtype}")
    if any(n < 0 for n in shape) or math.prod(shape) * dtype.itemsize > size:
        raise ProtocolError("an array header that does not fit its data")
    nbytes = math.prod(shape) * dtype.itemsize
    data = member.read(nbytes)
    if len(data) != nbytes:
        raise ProtocolError("a truncated array")
    order = "F" if fortran else "C"
    return np.frombuffer(data, dtype=dtype).reshape(shape, order=order).copy()


def _read_payload(payload: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The JSON and the arrays of one frame, checked before anything is allocated."""
    try:
        arrays = {}
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARRAYS:
                raise ProtocolError("too many arrays")
            # stored members that do not overlap cannot hold more than the frame itself:
            # this bounds what is read into memory by the frame's size
            if sum(info.file_size for info in members) > len(payload):
                raise ProtocolError("archive members that overlap or claim more than the frame")
            for info in members:
                if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                    raise ProtocolError("a compressed or unexpected archive member")
                with archive.open(info) as member:
                    arrays[info.filename[:-4]] = _read_npy(member, info.file_size)
        meta = arrays.pop("meta", None)
        if meta is None or meta.dtype != np.uint8 or meta.ndim != 1:
            raise ProtocolError("a frame without its description")
        description = json.loads(meta.tobytes().decode("utf-8"))
    except ProtocolError:
        raise
    except Exception as exc:  # zipfile, npy headers and json raise many kinds of errors
        raise ProtocolError(f"an unreadable frame ({type(exc).__name__})") from exc
    if not isinstance(description, dict):
        raise ProtocolError("a frame whose description is not an object")
    return description, arrays


_PLAIN = {"bool": bool, "int": int, "float": float, "str": str}


def _decode(node: Any, arrays: dict[str, np.ndarray], depth: int = 0) -> Any:
    """The value of a node of :func:`trusted_worker.encode`, validated (hostile input)."""
    if depth > worker.MAX_DEPTH or not isinstance(node, dict):
        raise ProtocolError("a malformed value")
    kind = node.get("type")
    if kind == "none":
        return None
    if kind in _PLAIN:
        value = node.get("value")
        if type(value) is not _PLAIN[kind] or (kind == "str" and len(value) > MAX_STRING):
            raise ProtocolError(f"a malformed {kind}")
        return value
    if kind in ("array", "scalar"):
        key = node.get("key")
        array = arrays.get(key) if isinstance(key, str) else None
        if array is None or (kind == "scalar" and array.ndim != 0):
            raise ProtocolError(f"a malformed {kind}")
        return array.copy() if kind == "array" else array[()]
    items = node.get("items")
    if kind in ("tuple", "list") and isinstance(items, list):
        values = [_decode(item, arrays, depth + 1) for item in items]
        return tuple(values) if kind == "tuple" else values
    if kind == "dict" and isinstance(items, dict):
        return {key: _decode(item, arrays, depth + 1) for key, item in items.items()}
    raise ProtocolError("a malformed value")


def _plain(value: Any) -> Any:
    """``value`` as the grader sees a student's value: encoded and decoded."""
    arrays: dict[str, np.ndarray] = {}
    return _decode(worker.encode(value, arrays), arrays)


def _line(text: Any, limit: int = worker.MAX_MESSAGE) -> str:
    text = " ".join(str(text).split())[:limit]
    return "".join(char if char.isprintable() else "?" for char in text)


# --------------------------------------------------------------------------- comparison


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    if isinstance(value, bool | np.bool_):
        return "a boolean"
    if isinstance(value, int | float | np.number):
        return "a number"
    if isinstance(value, tuple | list):
        return f"a {type(value).__name__} of {len(value)}"
    return {str: "a string", dict: "a dict"}.get(type(value), "None")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool)


def _at(index: tuple[int, ...]) -> str:
    return str(tuple(int(i) for i in index))


def _limit(got: Any, want: Any, rtol: float | None, atol: float) -> float:
    """The largest difference allowed between ``got`` and ``want``: the tolerance rule of
    :mod:`assignments.checks` (normwise, by the precision of ``got``) unless ``rtol`` is set."""
    if rtol is None:
        return atol + checks.tolerance(want, got)
    w = np.asarray(want, dtype=np.float64)
    scale = float(np.max(np.abs(w))) if w.size and np.isfinite(w).all() else 0.0
    return atol + rtol * max(scale, checks.FLOOR) if rtol else atol


def _array_difference(
    got: Any, want: np.ndarray, where: str, rtol: float | None, atol: float
) -> str | None:
    if not isinstance(got, np.ndarray):
        return f"{where} is {_kind(got)}, expected an array of shape {want.shape}"
    if got.shape != want.shape:
        return f"{where} has shape {got.shape}, expected {want.shape}"
    if want.dtype.kind == "b":
        if got.dtype.kind != "b" and not np.isin(got, (0, 1)).all():
            return f"{where} holds values other than True/False (1/0)"
        wrong = got.astype(bool) != want
    elif want.dtype.kind == "f" and got.dtype.kind != "f":
        return f"{where} has dtype {got.dtype}, expected floating point numbers"
    else:
        g, w = got.astype(np.float64), want.astype(np.float64)
        bad = ~np.isfinite(g) & np.isfinite(w)
        if bad.any():
            return f"{where} has a NaN or infinite value at index {_at(np.argwhere(bad)[0])}"
        wrong = ~(np.abs(g - w) <= _limit(got, w, rtol, atol)) & ~(np.isnan(g) & np.isnan(w))
    if wrong.any():
        first = _at(np.argwhere(wrong)[0])
        return (
            f"{where} differs from the reference at index {first} "
            f"({int(wrong.sum())} of {wrong.size} entries)"
        )
    return None


def _number_difference(
    got: Any, want: Any, where: str, rtol: float | None, atol: float
) -> str | None:
    if not _is_number(got):
        return f"{where} is {_kind(got)}, expected a number"
    if isinstance(got, int | np.integer) and isinstance(want, int | np.integer):
        return None if int(got) == int(want) else f"{where} differs from the reference"
    try:
        g, w = float(got), float(want)
    except OverflowError:
        return f"{where} differs from the reference"
    if not math.isfinite(g) and math.isfinite(w):
        return f"{where} is {g}"
    if not (abs(g - w) <= _limit(got, w, rtol, atol) or (math.isnan(g) and math.isnan(w))):
        return f"{where} differs from the reference"
    return None


def _scalar(value: Any) -> Any:
    """A 0-d array as the number it holds: np.squeeze(cost) and float(cost) are both a cost."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def _difference(got: Any, want: Any, where: str, rtol: float | None, atol: float) -> str | None:
    """How ``got`` differs from ``want`` (both plain data), or None when they agree."""
    got, want = _scalar(got), _scalar(want)
    if isinstance(want, np.ndarray):
        return _array_difference(got, want, where, rtol, atol)
    if isinstance(want, tuple | list | dict) and type(got) is not type(want):
        return f"{where} is {_kind(got)}, expected {_kind(want)}"
    if isinstance(want, tuple | list):
        if len(got) != len(want):
            return f"{where} has {len(got)} items, expected {len(want)}"
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            if problem := _difference(g, w, f"{where}[{index}]", rtol, atol):
                return problem
        return None
    if isinstance(want, dict):
        if set(got) != set(want):
            return f"{where} has keys {sorted(got)[:10]}, expected {sorted(want)}"
        for key in want:
            if problem := _difference(got[key], want[key], f"{where}[{key!r}]", rtol, atol):
                return problem
        return None
    if isinstance(want, bool | np.bool_):
        ok = isinstance(got, bool | np.bool_) and bool(got) == bool(want)
        return None if ok else f"{where} is {_kind(got)}, expected {bool(want)}"
    if _is_number(want):
        return _number_difference(got, want, where, rtol, atol)
    return (
        None if type(got) is type(want) and got == want else f"{where} differs from the reference"
    )


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class _Case:
    """One hidden case, as the grader knows it."""

    label: str
    args: list[Any]
    kwargs: dict[str, Any]
    names: list[str]  # parameter names of the positional arguments
    expected: Any


@dataclass(frozen=True)
class _Limit:
    """How much a function under test may ask of one dependency, in one run: a few times
    what the reference asks on the same cases (bytes of arguments per call, calls, bytes of
    each answer)."""

    nbytes: int
    calls: int
    result_nbytes: int


@dataclass(frozen=True)
class _Prepared:
    spec: Spec
    cases: dict[str, list[_Case]]
    cases_json: str
    cases_npz: bytes
    functions: dict[str, Callable[..., Any]] = field(default_factory=dict)
    limits: dict[str, dict[str, _Limit]] = field(default_factory=dict)


def _short(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return str(value.shape)
    if isinstance(value, dict):
        return ", ".join(f"{key} {_short(item)}" for key, item in value.items())
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_short(item) for item in value) + ")"
    return repr(round(value, 4)) if isinstance(value, float) else repr(value)


def _label(index: int, parameters: dict[str, Any]) -> str:
    parts = [
        _short(value) if isinstance(value, dict) else f"{name} {_short(value)}"
        for name, value in parameters.items()
    ]
    return f"case {index + 1} ({', '.join(parts)})"


def _prepare_case(function: Callable[..., Any], index: int, case: dict[str, Any]) -> _Case:
    args, kwargs = _plain(case["args"]), _plain(case["kwargs"])
    parameters = inspect.signature(function).bind(*args, **kwargs).arguments
    expected = _plain(function(*_plain(args), **_plain(kwargs)))
    return _Case(_label(index, parameters), args, kwargs, list(parameters)[: len(args)], expected)


def _nbytes(value: Any) -> int:
    arrays: dict[str, np.ndarray] = {}
    try:
        worker.encode(value, arrays)
    except TypeError:
        return 0
    return sum(array.nbytes for array in arrays.values()) + 1024


def _recording(seen: list[int], original: Callable[..., Any]) -> Callable[..., Any]:
    """``original``, counting its calls in ``seen[0]``, its largest arguments in ``seen[1]``
    and its largest result in ``seen[2]`` (bytes)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        seen[0] += 1
        seen[1] = max(seen[1], _nbytes([list(args), kwargs]))
        result = original(*args, **kwargs)
        seen[2] = max(seen[2], _nbytes(result))
        return result

    return wrapper


def _limits(functions: dict[str, Callable[..., Any]], spec: Spec) -> dict[str, dict[str, _Limit]]:
    """Run the reference of each isolated function on its cases, counting what it asks of its
    dependencies; the limits allow four times as many calls and twice the bytes."""
    limits: dict[str, dict[str, _Limit]] = {}
    for name, helpers in spec.isolate.items():
        namespace = functions[name].__globals__
        seen = {h: [0, 0, 0] for h in helpers}  # calls, largest arguments, largest result

        saved = {h: namespace[h] for h in helpers}
        namespace.update({h: _recording(seen[h], functions[h]) for h in helpers})
        try:
            for case in spec.cases[name]:
                functions[name](*_plain(case["args"]), **_plain(case["kwargs"]))
        finally:
            namespace.update(saved)
        largest = max((_nbytes(c["args"]) for c in spec.cases[name]), default=0)
        limits[name] = {
            h: _Limit(
                nbytes=2 * max(nbytes, largest) + 65536,
                calls=4 * calls + 64,
                result_nbytes=2 * max(result, largest) + 65536,
            )
            for h, (calls, nbytes, result) in seen.items()
        }
    return limits


def _prepare_uncached(source_dir: Path, source_nb: Path) -> _Prepared:
    spec = load_spec(source_dir)
    functions = reference_functions(source_nb, spec.prelude)
    missing = sorted(set(spec.cases) - set(functions))
    missing += sorted({h for hs in spec.isolate.values() for h in hs} - set(functions))
    if missing:
        raise ValueError(f"{source_nb.name} defines no reference for {', '.join(missing)}.")
    cases = {
        name: [_prepare_case(functions[name], i, case) for i, case in enumerate(items)]
        for name, items in spec.cases.items()
    }
    arrays: dict[str, np.ndarray] = {}
    nodes = {
        name: [
            {"args": worker.encode(c["args"], arrays), "kwargs": worker.encode(c["kwargs"], arrays)}
            for c in items
        ]
        for name, items in spec.cases.items()
    }
    nodes[worker.ISOLATE_KEY] = spec.isolate  # type: ignore[assignment]
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return _Prepared(
        spec, cases, json.dumps(nodes), buffer.getvalue(), functions, _limits(functions, spec)
    )


_PREPARED: dict[tuple, _Prepared] = {}


def _prepare(source_dir: Path, source_nb: Path) -> _Prepared:
    """Cases and reference outputs, computed once per version of the source files."""
    files = (source_dir.resolve() / CASES_FILE, source_nb.resolve())
    key = tuple((str(path), path.stat().st_mtime_ns) for path in files if path.exists())
    if key not in _PREPARED:
        _PREPARED.clear()
        _PREPARED[key] = _prepare_uncached(source_dir, source_nb)
    return _PREPARED[key]


# --------------------------------------------------------------------------- the stream


@dataclass
class _Call:
    value: Any = None
    args: Any = None
    error: str | None = None


@dataclass
class _Observed:
    calls: list[_Call] = field(default_factory=list)
    missing: str | None = None  # why the function could not be called at all
    stopped: str | None = None  # why the run ended while it was being called


def _error_reason(error: Any, seconds: float) -> str:
    """One line for an error reported by the worker."""
    error = error if isinstance(error, dict) else {}
    kind, message = error.get("kind"), _line(error.get("message", ""))
    if kind == "timeout":
        return f"took longer than {seconds:g} s"
    if kind == "output":
        return (
            f"returned an unsupported value ({message}); return NumPy arrays of numbers or "
            "booleans, numbers, or tuples, lists and dicts of those"
        )
    name = error.get("type")
    name = name if isinstance(name, str) and name.replace(".", "_").isidentifier() else "an error"
    if name == "NotImplementedError":
        return "not implemented (raised NotImplementedError)"
    return f"raised {_line(name, 60)}: {message}" if message else f"raised {_line(name, 60)}"


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
    process, within the limits of :func:`_limits`; the answers go to the worker's stdin."""

    def __init__(self, prepared: _Prepared, write: Callable[[bytes], None]) -> None:
        self.prepared, self.write = prepared, write
        self.calls: dict[tuple[str, str], int] = {}

    def __call__(self, function: str, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        helper, sequence = meta.get("dependency"), meta.get("sequence")
        if not isinstance(helper, str) or type(sequence) is not int:
            raise ProtocolError("a malformed call of a dependency")
        limit = self.prepared.limits.get(function, {}).get(helper)
        if limit is None:
            raise ProtocolError(f"a call of {_line(helper, 60)} while {function} is checked")
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
                args, kwargs = _decode(meta.get("args"), arrays)
                if not isinstance(args, list) or not isinstance(kwargs, dict):
                    raise ProtocolError("malformed arguments")
                # small arguments may ask for a huge answer (a shape of (6000, 6000)): the
                # reference runs with little room to allocate, and what it returns is sized
                with _memory_room(16 * limit.result_nbytes + ANSWER_ROOM):
                    value = self.prepared.functions[str(helper)](*args, **kwargs)
                if _nbytes(value) > limit.result_nbytes:
                    raise ValueError(TOO_LARGE)
                reply = {"value": worker.encode(value, out)}
            except MemoryError:
                reply, out = {"error": TOO_LARGE}, {}
            except (ProtocolError, ValueError) as exc:
                reply, out = {"error": _line(exc)}, {}
            except Exception as exc:  # the reference refused the arguments it was given
                reply, out = {"error": f"{type(exc).__name__}: {_line(exc)}"}, {}
        buffer = io.BytesIO()
        np.savez(buffer, meta=np.frombuffer(json.dumps(reply).encode(), np.uint8), **out)
        payload = buffer.getvalue()
        self.write(b"%d %d\n" % (sequence, len(payload)) + payload)


class _Stream:
    """Reads the frames of one run and checks that they come in the protocol's order."""

    def __init__(
        self,
        token: bytes,
        names: list[str],
        counts: dict[str, int],
        seconds: float,
        answers: _Answers | None = None,
    ):
        self.token, self.names, self.counts, self.seconds = token, names, counts, seconds
        self.answers = answers
        self.buffer = bytearray()
        self.size = 0
        self.started = self.loaded = self.done = False
        self.position = self.case = 0
        self.observed = {name: _Observed() for name in names}
        self.load_errors: list[str] = []

    @property
    def current(self) -> str | None:
        """The function whose frames come next."""
        return self.names[self.position] if self.position < len(self.names) else None

    def feed(self, data: bytes) -> bool:
        """Take more output; True when it completed at least one frame."""
        self.size += len(data)
        self.buffer += data
        progressed = False
        while not self.done and (payload := self._next_payload()) is not None:
            self._accept(*_read_payload(payload))
            progressed = True
        return progressed

    def _next_payload(self) -> bytes | None:
        start = self.buffer.find(self.token + b" ")
        if start < 0:  # not a frame: skip it, keeping what could be the start of a token
            del self.buffer[: max(0, len(self.buffer) - len(self.token))]
            return None
        del self.buffer[:start]
        head = len(self.token) + 12
        newline = self.buffer.find(b"\n", 0, head)
        if newline < 0:
            if len(self.buffer) >= head:
                raise ProtocolError("a malformed frame header")
            return None
        size = bytes(self.buffer[len(self.token) + 1 : newline])
        if not size.isdigit() or int(size) > worker.MAX_FRAME:
            raise ProtocolError("a malformed frame header")
        end = newline + 1 + int(size)
        if len(self.buffer) < end:
            return None
        payload = bytes(self.buffer[newline + 1 : end])
        del self.buffer[:end]
        return payload

    def _accept(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        kind = meta.get("kind")
        if not self.started or not self.loaded:
            expected = "loaded" if self.started else "started"
            if kind != expected:
                raise ProtocolError(f"a frame out of order (expected {expected!r})")
            if kind == "loaded":
                errors = meta.get("errors")
                errors = errors[:5] if isinstance(errors, list) else []
                self.load_errors = [_error_reason(e, self.seconds) for e in errors]
            self.started, self.loaded = True, kind == "loaded"
            return
        name = self.current
        if name is None:
            if kind != "done":
                raise ProtocolError("a frame after the last function")
            self.done = True
            return
        if meta.get("function") != name or kind not in ("missing", "result", "depend"):
            raise ProtocolError(f"a frame out of order (expected a frame of {name})")
        if kind == "depend":
            if self.answers is None:
                raise ProtocolError("a dependency call where none is answered")
            self.answers(name, meta, arrays)
            return
        if kind == "missing":
            self.observed[name].missing = self._missing_reason(meta.get("what"))
            self._next_function()
            return
        case = meta.get("case")
        if type(case) is not int or case != self.case:
            raise ProtocolError(f"a frame out of order (expected case {self.case + 1} of {name})")
        self.observed[name].calls.append(self._call(meta, arrays))
        self.case += 1
        if "error" in meta or self.case >= self.counts[name]:
            self._next_function()

    def _next_function(self) -> None:
        self.position, self.case = self.position + 1, 0

    def _missing_reason(self, what: Any) -> str:
        if what == "undefined":
            reason = "not defined in the notebook"
        else:
            reason = f"not a function in the notebook (it is {_line(what, 60)})"
        if self.load_errors:
            reason += f" (a cell of the notebook {self.load_errors[0]})"
        return reason

    def _call(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> _Call:
        if "error" in meta:
            return _Call(error=_error_reason(meta["error"], self.seconds))
        try:
            return _Call(
                value=_decode(meta.get("value"), arrays), args=_decode(meta.get("args"), arrays)
            )
        except ProtocolError as exc:
            return _Call(error=f"sent data the grader does not accept ({exc})")


# --------------------------------------------------------------------------- running


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
        reason += ": " + _line(stderr.decode(errors="replace").strip().split("\n")[-1])
    return reason


def _pump(process: subprocess.Popen, stream: _Stream, deadline: float, stall: float) -> str | None:
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
    prepared: _Prepared,
    workdir: Path,
    names: list[str],
    counts: dict[str, int],
    deadline: float,
    sandbox: bool,
    seconds: float,
) -> tuple[_Stream, str | None]:
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
    stream = _Stream(token, names, counts, seconds, _Answers(prepared, writer.put))
    try:
        writer.put(token + b"\n")
        return stream, _pump(process, stream, deadline, 2 * seconds + 2)
    finally:
        _kill(process)
        writer.stop()


def _write_inputs(workdir: Path, prepared: _Prepared, code: str) -> None:
    prelude = f"{worker.CELL_MARK}\n{prepared.spec.prelude}\n"
    (workdir / "code.py").write_text(prelude + code, encoding="utf-8")
    (workdir / "cases.json").write_text(prepared.cases_json, encoding="utf-8")
    (workdir / "cases.npz").write_bytes(prepared.cases_npz)


def _observe(
    prepared: _Prepared, code: str, timeout: float, sandbox: bool, seconds: float
) -> tuple[dict[str, _Observed], str | None]:
    """Run the worker until every function has been called (a new run after each function
    that ends a run); a run-level error when the notebook's code cannot run at all."""
    counts = {name: len(cases) for name, cases in prepared.cases.items()}
    observed = {name: _Observed() for name in counts}
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


def _run_error(stream: _Stream, failure: str) -> str:
    if not stream.started:
        return f"the trusted check could not start: {failure}"
    return (
        f"the notebook's code stopped the trusted check before any function was called: {failure}"
    )


def _judge(cases: list[_Case], observed: _Observed, rtol: float | None, atol: float) -> Verdict:
    if observed.missing:
        return Verdict(False, observed.missing)
    for index, case in enumerate(cases):
        if index >= len(observed.calls):
            return Verdict(False, f"{case.label}: {observed.stopped or 'no result came back'}")
        problem = _problem(observed.calls[index], case, rtol, atol)
        if problem:
            return Verdict(False, f"{case.label}: {problem}")
    return Verdict(True, f"all {len(cases)} cases agree with the reference")


def _problem(call: _Call, case: _Case, rtol: float | None, atol: float) -> str | None:
    if call.error:
        return call.error
    if problem := _difference(call.value, case.expected, "result", rtol, atol):
        return problem
    after = call.args
    if not (
        isinstance(after, list)
        and len(after) == 2
        and isinstance(after[0], list)
        and len(after[0]) == len(case.args)
        and isinstance(after[1], dict)
        and set(after[1]) == set(case.kwargs)
    ):
        return "its arguments could not be checked after the call"
    pairs = [*zip(case.names, after[0], case.args, strict=True)]
    pairs += [(key, after[1][key], value) for key, value in case.kwargs.items()]
    for name, got, want in pairs:
        if _difference(got, want, name, 0.0, 0.0):
            return f"changed its argument {name} in place"
    return None


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
    os.environ[SANDBOX_ASSIGNMENT] = Path(source_dir).resolve().name
    prepared = _prepare(Path(source_dir), Path(source_nb))
    names = list(prepared.cases)
    try:
        code = student_code(Path(submission_nb))
    except (NotebookError, OSError) as exc:
        return _all_failed(names, str(exc) if isinstance(exc, NotebookError) else _line(exc))
    observed, error = _observe(prepared, code, timeout, sandbox, call_seconds)
    if error:
        return _all_failed(names, error)
    verdicts = {
        name: _judge(prepared.cases[name], observed[name], *prepared.spec.tolerance_for(name))
        for name in names
    }
    return TrustedResult(verdicts)
