"""Comparing what a student's function returned with the reference, by the course's
tolerance rule (:func:`assignments.checks.tolerance`), and the one-line reason of a failure.

The structure must match (tuple or list and its length, dict keys, a number versus an array),
shapes must be equal, a floating-point result must be a float array that agrees within the
tolerance (normwise, by the precision the student computed in; NaN or inf where the reference
is finite fails), a boolean result is compared as booleans (1/0 integers accepted, as in the
notebook's tests), and the arguments must be unchanged after the call. Reasons name the case by
its shapes and hyperparameters, never by expected values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assignments import checks
from course.grading.trusted.prepare import PreparedCase


@dataclass(frozen=True)
class Verdict:
    """The trusted verdict on one graded function, with a one-line reason."""

    passed: bool
    reason: str


@dataclass
class Call:
    """What one call of the student's function sent back: its value and its arguments after
    the call, or why it failed."""

    value: Any = None
    args: Any = None
    error: str | None = None


@dataclass
class Observed:
    """Everything that came back for one function."""

    calls: list[Call] = field(default_factory=list)
    missing: str | None = None  # why the function could not be called at all
    stopped: str | None = None  # why the run ended while it was being called


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


def array_difference(
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


def number_difference(
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


def difference(got: Any, want: Any, where: str, rtol: float | None, atol: float) -> str | None:
    """How ``got`` differs from ``want`` (both plain data), or None when they agree."""
    got, want = _scalar(got), _scalar(want)
    if isinstance(want, np.ndarray):
        return array_difference(got, want, where, rtol, atol)
    if isinstance(want, tuple | list | dict) and type(got) is not type(want):
        return f"{where} is {_kind(got)}, expected {_kind(want)}"
    if isinstance(want, tuple | list):
        if len(got) != len(want):
            return f"{where} has {len(got)} items, expected {len(want)}"
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            if problem := difference(g, w, f"{where}[{index}]", rtol, atol):
                return problem
        return None
    if isinstance(want, dict):
        if set(got) != set(want):
            return f"{where} has keys {sorted(got)[:10]}, expected {sorted(want)}"
        for key in want:
            if problem := difference(got[key], want[key], f"{where}[{key!r}]", rtol, atol):
                return problem
        return None
    if isinstance(want, bool | np.bool_):
        ok = isinstance(got, bool | np.bool_) and bool(got) == bool(want)
        return None if ok else f"{where} is {_kind(got)}, expected {bool(want)}"
    if _is_number(want):
        return number_difference(got, want, where, rtol, atol)
    return (
        None if type(got) is type(want) and got == want else f"{where} differs from the reference"
    )


def judge(
    cases: list[PreparedCase], observed: Observed, rtol: float | None, atol: float
) -> Verdict:
    """The verdict on one function: its first case that failed, or all of them agreeing."""
    if observed.missing:
        return Verdict(False, observed.missing)
    for index, case in enumerate(cases):
        if index >= len(observed.calls):
            return Verdict(False, f"{case.label}: {observed.stopped or 'no result came back'}")
        problem = _problem(observed.calls[index], case, rtol, atol)
        if problem:
            return Verdict(False, f"{case.label}: {problem}")
    return Verdict(True, f"all {len(cases)} cases agree with the reference")


def _problem(call: Call, case: PreparedCase, rtol: float | None, atol: float) -> str | None:
    if call.error:
        return call.error
    if problem := difference(call.value, case.expected, "result", rtol, atol):
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
        if difference(got, want, name, 0.0, 0.0):
            return f"changed its argument {name} in place"
    return None
