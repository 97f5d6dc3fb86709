"""``trusted_cases.py``: the hidden cases of an assignment, loaded and checked."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES_FILE = "trusted_cases.py"
# rtol None: the course's tolerance rule (assignments.checks.tolerance) for the precision the
# student computed in; an assignment overrides it only for a reason written in trusted_cases.py
DEFAULT_TOLERANCE: dict[str, float | None] = {"rtol": None, "atol": 0.0}

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
