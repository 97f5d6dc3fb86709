"""Comparators used by the visible tests of every assignment.

Each check either returns quietly or raises :class:`CheckError` (an ``AssertionError``, so
nbgrader counts it as a failed test) with a message that names the variable, says what was
expected and what was found, and points at the usual cause. A student should be able to
fix the bug from the message alone, never from a bare ``AssertionError``.

The checks hold no expected values of their own: the notebooks pass the published values in.
This module is installed on students' machines; it contains no solution and no hidden test.

One module of about 470 lines on purpose: it is the one vocabulary of every visible test
(``from assignments import checks``), and a student who opens it to understand a message
finds every check in one place, in sections: calling, structure, the tolerance rule, hints,
values, mutation, dependencies.
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = [
    "RTOL_FLOAT32",
    "RTOL_FLOAT64",
    "CheckError",
    "Hint",
    "agrees",
    "call",
    "check_close",
    "check_dtype",
    "check_equal",
    "check_finite",
    "check_keys",
    "check_scalar",
    "check_shape",
    "check_type",
    "check_unchanged",
    "decimals_of",
    "fix_first",
    "if_matches",
    "if_negated",
    "if_not_finite",
    "if_scaled",
    "tolerance",
    "unchanged",
    "use_versions",
]


class CheckError(AssertionError):
    """A visible test failed; the message says what is wrong and where to look."""


def _fail(message: str, hint: Any = "") -> None:
    raise CheckError(f"{message} {hint if isinstance(hint, str) else _hint_text(hint)}".strip())


def _type_name(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"numpy.ndarray of shape {value.shape} and dtype {value.dtype}"
    return type(value).__name__ if value is not None else "None"


def _fmt(x: float) -> str:
    """All the digits of a float (its shortest exact form): no two different numbers look
    the same in a message."""
    return repr(float(x))


# --------------------------------------------------------------------------- calling


_NUMPY2_SCALAR_ERRORS = ("only 0-dimensional arrays", "only length-1 arrays", "only size-1 arrays")


NOT_IMPLEMENTED = (
    "{name} is not implemented yet: replace `raise NotImplementedError()` in its cell with your "
    "code, run that cell, then run this test again."
)


def call(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a student's function and translate the errors students meet most often.

    ``NotImplementedError`` (the release's placeholder) becomes "not implemented yet", and
    NumPy 2's refusal to turn an array of shape (1, 1, 1) into a float gets its fix.
    Any other exception propagates unchanged, with its traceback.
    """
    name = getattr(func, "__name__", "the function")
    try:
        return func(*args, **kwargs)
    except NotImplementedError:
        raise CheckError(NOT_IMPLEMENTED.format(name=name)) from None  # its traceback: noise
    except TypeError as err:
        if any(text in str(err) for text in _NUMPY2_SCALAR_ERRORS):
            raise CheckError(
                f"{name} tried to turn an array into a single number ({err}). On NumPy 2, "
                "float(b) fails when b has shape (1, 1, 1); take the number out with b.item() "
                "or np.squeeze(b) instead."
            ) from err  # its traceback shows the student's line
        raise


# --------------------------------------------------------------------------- structure


def check_type(name: str, value: Any, expected: type | tuple[type, ...], hint: str = "") -> None:
    """Fail unless ``isinstance(value, expected)``."""
    if not isinstance(value, expected):
        names = (
            " or ".join(t.__name__ for t in expected)
            if isinstance(expected, tuple)
            else expected.__name__
        )
        _fail(f"{name} should be a {names}, but it is a {_type_name(value)}.", hint)


def check_shape(name: str, value: Any, expected: tuple[int, ...], hint: str = "") -> None:
    """Fail unless ``value`` is an ndarray of exactly the ``expected`` shape."""
    check_type(name, value, np.ndarray, hint)
    if tuple(value.shape) != tuple(expected):
        _fail(f"{name} has shape {tuple(value.shape)}, expected {tuple(expected)}.", hint)


def check_dtype(name: str, value: Any, kind: str = "f", hint: str = "") -> None:
    """Fail unless the array's dtype is of the given kind.

    ``kind`` is a NumPy dtype kind: ``"f"`` floating point, ``"b"`` boolean, ``"i"`` signed
    integer, ``"u"`` unsigned integer.
    """
    kinds = {"f": "floating point", "b": "boolean", "i": "integer", "u": "unsigned integer"}
    dtype = np.asarray(value).dtype
    if dtype.kind != kind:
        _fail(
            f"{name} has dtype {dtype}, expected a {kinds.get(kind, kind)} array.",
            hint,
        )


def check_finite(name: str, value: Any, hint: str = "") -> None:
    """Fail if any entry is NaN or infinite, and say where the first one is."""
    array = np.asarray(value, dtype=float)
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0]) if array.ndim else ()
        first = array[where] if where else array
        _fail(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s); the first is {first} "
            f"at index {where}. Look for a division by zero or an overflowing exp/log.",
            hint,
        )


def check_scalar(name: str, value: Any, hint: str = "") -> None:
    """Fail unless ``value`` is one real number (Python float/int or a NumPy scalar)."""
    if isinstance(value, np.ndarray):
        _fail(
            f"{name} should be a single number, but it is a {_type_name(value)}. "
            "Sum the whole volume and add the bias as a number (b.item()).",
            hint,
        )
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        _fail(f"{name} should be a single real number, but it is a {_type_name(value)}.", hint)


def check_keys(
    name: str, mapping: Any, expected: list[str] | tuple[str, ...], hint: str = ""
) -> None:
    """Fail unless ``mapping`` is a dict with exactly the ``expected`` keys; name the culprits."""
    check_type(name, mapping, Mapping, hint)
    missing = [k for k in expected if k not in mapping]
    extra = sorted(str(k) for k in mapping if k not in expected)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing key(s) {', '.join(map(repr, missing))}")
        if extra:
            parts.append(f"unexpected key(s) {', '.join(map(repr, extra))}")
        _fail(f"{name} has {' and '.join(parts)}; expected exactly {list(expected)}.", hint)


# --------------------------------------------------------------------------- values


def decimals_of(printed: str) -> int:
    """Number of decimals in a printed number: ``decimals_of("-6.99908945068") == 11``."""
    mantissa = printed.strip().lower().split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if "e" in printed.lower():
        decimals -= int(printed.lower().split("e")[1])
    return max(decimals, 0)


# --------------------------------------------------------------------------- the tolerance rule
#
# A student's value v agrees with the expected value e when, for every entry,
#
#     |v - e|  <=  printed(e)  +  RTOL[precision of v] * max(|e|_max, FLOOR)
#
# - printed(e) is half a unit in the last printed digit when e is a printed, rounded number
#   (``"0.96890023"`` or a list copied from a published output: 8 decimals by default), and 0
#   when e was computed exactly by the test.
# - |e|_max is the largest magnitude in the expected array (or |e| for one number): rounding
#   errors are proportional to the size of the numbers a result is computed from, so an entry
#   that is small because large terms cancel gets the tolerance of the array it belongs to.
# - RTOL depends on the precision the student's value is computed in: float64 values get
#   RTOL_FLOAT64, float32 (or float16) values get RTOL_FLOAT32.
#
# Measured (benchmarks/tolerance_spread.py, docs/tolerance.md): over every hidden case of
# every graded function of the seven assignments (training loops included), correct
# implementations written with np.dot, @, np.sum, np.mean, np.vdot, np.tensordot, np.einsum,
# np.linalg.norm and loops in other orders differ from the reference by at most 2.4e-15 of
# |e|_max in float64. The closest real mistake of the corpus (an epsilon of 1e-8 added to a
# gradient of two_layer_model) is off by 7e-9, an epsilon inside the log of a cost by 2.7e-8,
# every other mistake by more than 1e-4. RTOL_FLOAT64 sits 4e5 times above the first and 7
# times below the second. In float32, the largest computations of the course (a 12288-term
# first layer, a cost, a convolution window) differ from float64 by at most 3.9e-6, 25 times
# under RTOL_FLOAT32. The printed digits of a published value never decide a
# student's grade: the rule is the same whether it was printed with 8 or 16 digits.

RTOL_FLOAT64 = 1e-9
RTOL_FLOAT32 = 1e-4
FLOOR = 1e-3  # below this magnitude, an expected array counts as 1e-3 (arrays of zeros)


def tolerance(expected: Any, value: Any = None, *, digits: int | None = None) -> float:
    """The largest difference the rule allows between ``value`` and ``expected`` (a number).

    ``digits`` is the number of decimals ``expected`` was printed with (None: computed
    exactly); ``value`` gives the precision (float32 or float64).
    """
    e = np.asarray(expected, dtype=float)
    scale = max(float(np.max(np.abs(e))) if e.size and np.isfinite(e).all() else 0.0, FLOOR)
    kind = np.asarray(value).dtype if value is not None else np.dtype(float)
    low = kind.kind == "f" and kind.itemsize <= 4
    printed = 0.5 * 10.0 ** (-digits) if digits is not None else 0.0
    return printed + (RTOL_FLOAT32 if low else RTOL_FLOAT64) * scale


# --------------------------------------------------------------------------- hints


class Hint:
    """A hint shown only when the failure matches the mistake it describes.

    ``when(got, expected)`` receives both values as float arrays of the same shape and says
    whether the student's value looks like that mistake (off by a factor, negated, ...).
    """

    def __init__(self, text: str, when: Callable[[np.ndarray, np.ndarray], bool]) -> None:
        self.text, self.when = text, when

    def applies(self, got: Any, expected: Any) -> bool:
        try:
            g, e = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
            return g.shape == e.shape and bool(self.when(g, e))
        except Exception:  # a hint must never hide the failure it comments on
            return False


def _near(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.all(np.isfinite(a))) and bool(
        np.all(np.abs(a - b) <= 1e-6 * max(float(np.max(np.abs(b))), 1e-300))
    )


def if_scaled(factor: float, text: str) -> Hint:
    """Shown when the student's value is the expected one times ``factor`` (a missing 1/m,
    a missing 1/2, dividing twice)."""
    return Hint(text, lambda g, e: bool(np.any(e != 0)) and _near(g, e * factor))


def if_negated(text: str) -> Hint:
    """Shown when the student's value is minus the expected one."""
    return Hint(text, lambda g, e: bool(np.any(e != 0)) and _near(g, -e))


def if_not_finite(text: str) -> Hint:
    """Shown when the student's value holds NaN or infinity (an overflow, a log of 0)."""
    return Hint(text, lambda g, e: not bool(np.all(np.isfinite(g))))


def if_matches(other: Any, text: str) -> Hint:
    """Shown when the student's value equals ``other``: what a known mistake computes."""
    return Hint(text, lambda g, e: _near(g, np.asarray(other, dtype=float)))


HintArg = str | Hint | list[Hint] | tuple[Hint, ...]


def _hint_text(hint: HintArg, got: Any = None, expected: Any = None) -> str:
    """The hint to show: a plain string always, a :class:`Hint` only when it applies."""
    if isinstance(hint, str):
        return hint
    hints = [hint] if isinstance(hint, Hint) else list(hint)
    return " ".join(h.text for h in hints if h.applies(got, expected))


def check_close(
    name: str,
    value: Any,
    expected: Any,
    *,
    digits: int | None = None,
    hint: HintArg = "",
) -> None:
    """Fail unless ``value`` agrees with ``expected`` under the tolerance rule above.

    ``expected`` is a number, a nested list / array, or a string as printed in the
    assignment (e.g. ``"-6.99908945068"``); a string sets ``digits`` to its number of
    decimals. A list or a number is taken as printed with 8 decimals (NumPy's print
    precision) unless ``digits`` says otherwise; an ndarray as exact unless ``digits`` is
    given. ``hint`` is a string (always shown with the failure) or :class:`Hint` objects,
    each shown only when the failure matches it.
    """
    if isinstance(expected, str):
        digits = decimals_of(expected) if digits is None else digits
        expected = float(expected)
    elif digits is None and not isinstance(expected, np.ndarray | np.generic):
        digits = 8
    expected_arr = np.asarray(expected, dtype=float)
    shown = f" (to {digits} decimals)" if digits is not None and digits <= 10 else ""

    if expected_arr.ndim == 0:
        if not (isinstance(value, np.ndarray) and value.ndim == 0):
            check_scalar(name, value, _hint_text(hint, value, expected_arr))
        got = float(np.asarray(value, dtype=float))
        if not math.isfinite(got):
            _fail(f"{name} is {got}, expected {_fmt(float(expected_arr))}.",
                  _hint_text(hint, got, expected_arr))  # fmt: skip
        if abs(got - float(expected_arr)) > tolerance(expected_arr, value, digits=digits):
            _fail(
                f"{name} is {_fmt(got)}, expected {_fmt(float(expected_arr))}{shown}.",
                _hint_text(hint, got, expected_arr),
            )
        return

    check_shape(name, value, expected_arr.shape, _hint_text(hint))
    got_arr = np.asarray(value, dtype=float)
    check_finite(name, got_arr, _hint_text(hint, got_arr, expected_arr))
    wrong = np.abs(got_arr - expected_arr) > tolerance(expected_arr, value, digits=digits)
    if wrong.any():
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        _fail(
            f"{name} differs from the expected values at {int(wrong.sum())} of {wrong.size} "
            f"entries; the first is {name}[{', '.join(map(str, first))}] = "
            f"{_fmt(got_arr[first])}, expected {_fmt(expected_arr[first])}{shown}.",
            _hint_text(hint, got_arr, expected_arr),
        )


def agrees(value: Any, expected: Any, *, digits: int | None = None) -> bool:
    """Whether :func:`check_close` would pass, without raising (for tests that depend on
    an earlier function and must not fail because of it)."""
    try:
        check_close("value", value, expected, digits=digits)
    except (CheckError, TypeError, ValueError):
        return False
    return True


def check_equal(name: str, value: Any, expected: Any, hint: str = "") -> None:
    """Fail unless ``value`` equals ``expected`` exactly (masks, integer arrays, strings)."""
    if isinstance(expected, np.ndarray):
        check_shape(name, value, expected.shape, hint)
        wrong = np.asarray(value) != expected
        if wrong.any():
            first = tuple(int(i) for i in np.argwhere(wrong)[0])
            _fail(
                f"{name} differs from the expected array at {int(wrong.sum())} of {wrong.size} "
                f"entries; the first is {name}[{', '.join(map(str, first))}] = "
                f"{np.asarray(value)[first]!r}, expected {expected[first]!r}.",
                hint,
            )
        return
    if value != expected:
        _fail(f"{name} is {value!r}, expected {expected!r}.", hint)


# --------------------------------------------------------------------------- mutation


def _same(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        return (
            isinstance(after, np.ndarray)
            and before.shape == after.shape
            and bool(np.array_equal(before, after, equal_nan=before.dtype.kind in "fc"))
        )
    if isinstance(before, Mapping):
        return (
            isinstance(after, Mapping)
            and set(before) == set(after)
            and all(_same(before[k], after[k]) for k in before)
        )
    if isinstance(before, list | tuple):
        return (
            type(before) is type(after)
            and len(before) == len(after)
            and all(_same(b, a) for b, a in zip(before, after, strict=True))
        )
    return bool(before == after)


def check_unchanged(func_name: str, name: str, before: Any, after: Any, hint: str = "") -> None:
    """Fail if the argument ``name`` of ``func_name`` changed between ``before`` and ``after``."""
    if not _same(before, after):
        copy_call = f"copy.deepcopy({name})" if isinstance(before, Mapping) else f"{name}.copy()"
        _fail(
            f"{func_name} modified its input {name} in place. Inputs belong to the caller: "
            f"work on a copy ({copy_call}) or build new arrays instead of writing into "
            f"{name} (for example with += or slice assignment).",
            hint,
        )


@contextmanager
def unchanged(func_name: str, **inputs: Any) -> Iterator[None]:
    """Check that the block leaves every given input exactly as it was.

    >>> with unchanged("zero_pad", X=x):
    ...     x_pad = zero_pad(x, 2)
    """
    snapshots = {key: copy.deepcopy(value) for key, value in inputs.items()}
    yield
    for key, before in snapshots.items():
        check_unchanged(func_name, key, before, inputs[key])


# --------------------------------------------------------------------------- dependencies


@contextmanager
def fix_first(dependency: str, function: str) -> Iterator[None]:
    """Check, in the test of ``function``, an earlier function ``dependency`` it calls.

    A failure inside the block (the dependency's values, or its crash) becomes one message
    that says to fix ``dependency`` first: the test of ``function`` cannot judge it while what
    it calls is wrong, and must not blame it for that.
    """
    try:
        yield
    except Exception as exc:
        raise CheckError(
            f"{function} calls your {dependency}, which does not pass its own test yet: "
            f"{exc} Fix {dependency} first (run its test cell), then run this test again."
        ) from None


def use_versions(namespace: dict[str, Any], **functions: Callable[..., Any]) -> Callable[[], None]:
    """Put ``functions`` into ``namespace`` (a notebook's globals) under their names and return
    a function that puts the replaced ones back.

    The grader judges each function alone: while it tests one function, the functions that one
    calls can be versions known to be right, so that a bug elsewhere costs only its own points.
    """
    missing = object()
    saved = {name: namespace.get(name, missing) for name in functions}
    namespace.update(functions)

    def restore() -> None:
        for name, value in saved.items():
            if value is missing:
                namespace.pop(name, None)
            else:
                namespace[name] = value

    return restore
