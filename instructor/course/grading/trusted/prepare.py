"""The hidden cases made ready for a run, once per version of the source files: their labels,
what the reference returns on them (computed in the grader's process), their encoding for the
worker, and how much an isolated function may ask of each dependency."""

from __future__ import annotations

import inspect
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from course.grading.trusted.notebook import reference_functions
from course.grading.trusted.protocol import ISOLATE_KEY, encode, plain
from course.grading.trusted.spec import CASES_FILE, Spec, load_spec


@dataclass(frozen=True)
class PreparedCase:
    """One hidden case, as the grader knows it."""

    label: str
    args: list[Any]
    kwargs: dict[str, Any]
    names: list[str]  # parameter names of the positional arguments
    expected: Any


@dataclass(frozen=True)
class Limit:
    """How much a function under test may ask of one dependency, in one run: a few times
    what the reference asks on the same cases (bytes of arguments per call, calls, bytes of
    each answer)."""

    nbytes: int
    calls: int
    result_nbytes: int


@dataclass(frozen=True)
class Prepared:
    """An assignment's spec, its cases with the reference's results, their encoding for the
    worker, the reference functions and the dependency limits of isolated functions."""

    spec: Spec
    cases: dict[str, list[PreparedCase]]
    cases_json: str
    cases_npz: bytes
    functions: dict[str, Callable[..., Any]] = field(default_factory=dict)
    limits: dict[str, dict[str, Limit]] = field(default_factory=dict)


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


def _case(function: Callable[..., Any], index: int, case: dict[str, Any]) -> PreparedCase:
    args, kwargs = plain(case["args"]), plain(case["kwargs"])
    parameters = inspect.signature(function).bind(*args, **kwargs).arguments
    expected = plain(function(*plain(args), **plain(kwargs)))
    names = list(parameters)[: len(args)]
    return PreparedCase(_label(index, parameters), args, kwargs, names, expected)


def encoded_size(value: Any) -> int:
    """The bytes ``value`` takes on the wire (its arrays, plus 1 KiB); 0 if not plain data."""
    arrays: dict[str, np.ndarray] = {}
    try:
        encode(value, arrays)
    except TypeError:
        return 0
    return sum(array.nbytes for array in arrays.values()) + 1024


def _recording(seen: list[int], original: Callable[..., Any]) -> Callable[..., Any]:
    """``original``, counting its calls in ``seen[0]``, its largest arguments in ``seen[1]``
    and its largest result in ``seen[2]`` (bytes)."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        seen[0] += 1
        seen[1] = max(seen[1], encoded_size([list(args), kwargs]))
        result = original(*args, **kwargs)
        seen[2] = max(seen[2], encoded_size(result))
        return result

    return wrapper


def _limits(functions: dict[str, Callable[..., Any]], spec: Spec) -> dict[str, dict[str, Limit]]:
    """Run the reference of each isolated function on its cases, counting what it asks of its
    dependencies; the limits allow four times as many calls and twice the bytes."""
    limits: dict[str, dict[str, Limit]] = {}
    for name, helpers in spec.isolate.items():
        namespace = functions[name].__globals__
        seen = {h: [0, 0, 0] for h in helpers}  # calls, largest arguments, largest result

        saved = {h: namespace[h] for h in helpers}
        namespace.update({h: _recording(seen[h], functions[h]) for h in helpers})
        try:
            for case in spec.cases[name]:
                functions[name](*plain(case["args"]), **plain(case["kwargs"]))
        finally:
            namespace.update(saved)
        largest = max((encoded_size(c["args"]) for c in spec.cases[name]), default=0)
        limits[name] = {
            h: Limit(
                nbytes=2 * max(nbytes, largest) + 65536,
                calls=4 * calls + 64,
                result_nbytes=2 * max(result, largest) + 65536,
            )
            for h, (calls, nbytes, result) in seen.items()
        }
    return limits


def _uncached(source_dir: Path, source_nb: Path) -> Prepared:
    spec = load_spec(source_dir)
    functions = reference_functions(source_nb, spec.prelude)
    missing = sorted(set(spec.cases) - set(functions))
    missing += sorted({h for hs in spec.isolate.values() for h in hs} - set(functions))
    if missing:
        raise ValueError(f"{source_nb.name} defines no reference for {', '.join(missing)}.")
    cases = {
        name: [_case(functions[name], i, case) for i, case in enumerate(items)]
        for name, items in spec.cases.items()
    }
    arrays: dict[str, np.ndarray] = {}
    nodes = {
        name: [
            {"args": encode(c["args"], arrays), "kwargs": encode(c["kwargs"], arrays)}
            for c in items
        ]
        for name, items in spec.cases.items()
    }
    nodes[ISOLATE_KEY] = spec.isolate  # type: ignore[assignment]
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return Prepared(
        spec, cases, json.dumps(nodes), buffer.getvalue(), functions, _limits(functions, spec)
    )


_PREPARED: dict[tuple, Prepared] = {}


def prepare(source_dir: Path, source_nb: Path) -> Prepared:
    """Cases and reference outputs, computed once per version of the source files."""
    files = (source_dir.resolve() / CASES_FILE, source_nb.resolve())
    key = tuple((str(path), path.stat().st_mtime_ns) for path in files if path.exists())
    if key not in _PREPARED:
        _PREPARED.clear()
        _PREPARED[key] = _uncached(source_dir, source_nb)
    return _PREPARED[key]
