"""Rounding spreads of correct implementations, and how far real mistakes are: the numbers
behind the tolerance rule of ``assignments/checks.py`` (docs/tolerance.md).

    .venv/bin/python benchmarks/tolerance_spread.py [SLUG ...]

For every sample student of course/sample_classes/<slug>/ (the reference, the correct variants
``correct_*.py`` and every other sample student), runs trusted verification (every hidden case of
every graded function, training loops included) and records, for each function, the largest
normwise relative difference from the reference (for a correct variant, over every compared
number or array; for a function that failed, of the values that did not agree):

    max |v - e| / max(max |e|, FLOOR)

Prints one line per assignment and function: the worst correct variant (its rounding spread)
and the closest mistake that the function's cases catch. The rule holds when every spread is
below RTOL_FLOAT64 and every mistake far above it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from course.grading import samples, trusted  # noqa: E402
from course.grading.trusted import compare, prepare  # noqa: E402

from assignments import checks  # noqa: E402

_current: list[str] = [""]
_worst: dict[str, float] = {}  # function -> largest spread of the values that agreed
_missed: dict[str, float] = {}  # function -> largest spread of the values that differed


def _spread(got: object, want: object) -> float:
    try:
        g = np.asarray(got, dtype=np.float64)
        w = np.asarray(want, dtype=np.float64)
        if g.shape != w.shape or not np.isfinite(w).all():
            return np.inf
        scale = max(float(np.max(np.abs(w))) if w.size else 0.0, checks.FLOOR)
        return float(np.max(np.abs(g - w))) / scale if w.size else 0.0
    except (TypeError, ValueError, OverflowError):
        return np.inf


def _recorded(original):  # noqa: ANN001, ANN202
    def wrapper(got, want, where, rtol, atol):  # noqa: ANN001, ANN202
        name, problem = _current[0], original(got, want, where, rtol, atol)
        seen = _missed if problem else _worst
        seen[name] = max(seen.get(name, 0.0), _spread(got, want))
        return problem

    return wrapper


_names: dict[int, str] = {}  # id of a function's list of cases -> the function


def _judging(original):  # noqa: ANN001, ANN202
    def wrapper(cases, observed, rtol, atol):  # noqa: ANN001, ANN202
        _current[0] = _names.get(id(cases), "")
        return original(cases, observed, rtol, atol)

    return wrapper


def measure(slug: str, work: Path) -> dict[str, dict[str, tuple[float, bool]]]:
    """{variant: {function: (largest spread, verdict)}} for the sample class of ``slug``."""
    source_dir = REPO / "source" / slug
    source_nb = next(source_dir.glob("*.ipynb"))
    release_nb = next((REPO / "release" / slug).glob("*.ipynb"))
    prepared = prepare.prepare(source_dir, source_nb)
    _names.update({id(cases): name for name, cases in prepared.cases.items()})
    out: dict[str, dict[str, tuple[float, bool]]] = {}
    for variant in samples.load_variants(samples.SAMPLE_CLASSES / slug):
        if variant.raw_text is not None:
            continue
        path = work / f"{slug}-{variant.name}.ipynb"
        path.write_text(samples.build_notebook(variant, release_nb, source_nb), encoding="utf-8")
        _worst.clear()
        _missed.clear()
        result = trusted.verify(source_dir, source_nb, path, sandbox=False, timeout=600)
        out[variant.name] = {
            name: (
                _worst.get(name, 0.0) if verdict.passed else _missed.get(name, 0.0),
                verdict.passed,
            )
            for name, verdict in result.verdicts.items()
        }
    return out


def float32_spreads() -> list[tuple[str, float]]:
    """The same measure for the largest float32 computations of the course, against float64
    (the inputs rounded to float32 included): what RTOL_FLOAT32 must allow."""
    rng = np.random.default_rng(0)

    def rel(v: np.ndarray, e: np.ndarray) -> float:
        return float(np.max(np.abs(v - e)) / max(float(np.max(np.abs(e))), checks.FLOOR))

    X = rng.random((12288, 209))  # dnn_application: 209 images of 64 x 64 x 3
    W = rng.standard_normal((7, 12288)) / np.sqrt(12288)
    X32, W32 = X.astype(np.float32), W.astype(np.float32)
    AL, Y = rng.random((1, 209)) * 0.98 + 0.01, (rng.random((1, 209)) > 0.5).astype(float)
    A32, Y32 = AL.astype(np.float32), Y.astype(np.float32)
    a, w = rng.standard_normal((3, 3, 64)), rng.standard_normal((3, 3, 64))
    return [
        ("W1 @ X, 12288 terms, @", rel(W32 @ X32, W @ X)),
        ("W1 @ X, 12288 terms, np.einsum", rel(np.einsum("ij,jk->ik", W32, X32), W @ X)),
        (
            "cross-entropy cost of 209 examples",
            rel(
                np.mean(Y32 * np.log(A32) + (1 - Y32) * np.log(1 - A32)),
                np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)),
            ),
        ),
        (
            "conv window of 3 x 3 x 64",
            rel(np.sum(a.astype(np.float32) * w.astype(np.float32)), np.sum(a * w)),
        ),
    ]


def main() -> int:
    compare.array_difference = _recorded(compare.array_difference)
    compare.number_difference = _recorded(compare.number_difference)
    compare.judge = _judging(compare.judge)
    slugs = sys.argv[1:] or sorted(
        p.parent.name for p in (REPO / "source").glob("*/trusted_cases.py")
    )
    print(f"RTOL_FLOAT64 = {checks.RTOL_FLOAT64:g}, FLOOR = {checks.FLOOR:g}")
    print(f"{'assignment':18} {'function':40} {'correct spread':>15} {'closest mistake':>16}")
    with tempfile.TemporaryDirectory() as tmp:
        for slug in slugs:
            results = measure(slug, Path(tmp))
            functions = sorted({f for verdicts in results.values() for f in verdicts})
            for function in functions:
                correct = [
                    v[function][0]
                    for name, v in results.items()
                    if (name == "reference" or name.startswith("correct")) and function in v
                ]
                mistakes = [
                    v[function][0]
                    for name, v in results.items()
                    if not (name == "reference" or name.startswith("correct"))
                    and function in v
                    and not v[function][1]
                    and 0 < v[function][0] < np.inf
                ]
                spread = f"{max(correct):.1e}" if correct else "-"
                closest = f"{min(mistakes):.1e}" if mistakes else "-"
                print(f"{slug:18} {function:40} {spread:>15} {closest:>16}", flush=True)
    print(f"float32 (RTOL_FLOAT32 = {checks.RTOL_FLOAT32:g})")
    for name, spread in float32_spreads():
        print(f"  {name:58} {spread:15.1e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
