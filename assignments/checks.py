"""Comparators used by the visible tests of every assignment.

Each check either returns quietly or raises :class:`CheckError` (an ``AssertionError``, so
nbgrader counts it as a failed test) with a message that names the variable, says what was
expected and what was found, and points at the usual cause. A student should be able to
fix the bug from the message alone, never from a bare ``AssertionError``.

The checks hold no expected values of their own: the notebooks pass the published values in.
This module is installed on students' machines; it contains no solution and no hidden test.
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
    "CheckError",
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
    "unchanged",
]


class CheckError(AssertionError):
    """A visible test failed; the message says what is wrong and where to look."""


def _fail(message: str, hint: str = "") -> None:
    raise CheckError(f"{message} {hint}".strip())


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
        raise CheckError(
            f"{name} is not implemented yet: replace `raise NotImplementedError()` in its "
            "cell with your code, run that cell, then run this test again."
        ) from None  # the placeholder's own traceback would only push the message down
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


def check_close(
    name: str,
    value: Any,
    expected: Any,
    *,
    digits: int | None = None,
    hint: str = "",
) -> None:
    """Fail unless ``value`` equals ``expected`` to the printed digits.

    ``expected`` is a number, a nested list / array, or a string as printed in the
    assignment (e.g. ``"-6.99908945068"``); a string sets ``digits`` to its number of
    decimals. Otherwise ``digits`` defaults to 8, NumPy's print precision. Two values agree
    when they differ by at most half a unit in the last printed digit.
    """
    if isinstance(expected, str):
        digits = decimals_of(expected) if digits is None else digits
        expected = float(expected)
    digits = 8 if digits is None else digits
    tolerance = 0.5 * 10.0 ** (-digits)

    expected_arr = np.asarray(expected, dtype=float)
    if expected_arr.ndim == 0:
        if not (isinstance(value, np.ndarray) and value.ndim == 0):
            check_scalar(name, value, hint)
        got = float(np.asarray(value, dtype=float))
        if not math.isfinite(got):
            _fail(f"{name} is {got}, expected {_fmt(float(expected_arr))}.", hint)
        if abs(got - float(expected_arr)) > tolerance * (1 + 1e-9):
            _fail(
                f"{name} is {_fmt(got)}, expected {_fmt(float(expected_arr))} "
                f"(to {digits} decimals).",
                hint,
            )
        return

    check_shape(name, value, expected_arr.shape, hint)
    got_arr = np.asarray(value, dtype=float)
    check_finite(name, got_arr, hint)
    wrong = np.abs(got_arr - expected_arr) > tolerance * (1 + 1e-9)
    if wrong.any():
        first = tuple(int(i) for i in np.argwhere(wrong)[0])
        _fail(
            f"{name} differs from the expected values at {int(wrong.sum())} of {wrong.size} "
            f"entries; the first is {name}[{', '.join(map(str, first))}] = "
            f"{_fmt(got_arr[first])}, expected {_fmt(expected_arr[first])} "
            f"(to {digits} decimals).",
            hint,
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
