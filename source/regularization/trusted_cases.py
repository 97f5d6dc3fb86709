"""Hidden inputs of the trusted verification of regularization (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls the four graded functions of a submission on these cases in a sandboxed process and
compares what they return with the reference solution's.

Cases: networks of other widths (a wide first layer, a layer of one unit, a batch of one),
other ``lambd`` and ``keep_prob``. Caches are built the way the forward passes build them:
``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)`` for L2, and with the masks ``D1`` and
``D2`` (integers 0 and 1, the activations already masked and divided by ``keep_prob``) for
dropout, so the backward functions are checked on consistent inputs.
"""

from __future__ import annotations

import numpy as np
from course.grading.trusted import Case, case

# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup cell).
PRELUDE = """\
import numpy as np

from assignments.nn.three_layer import compute_cost, relu, sigmoid
"""


# (layer sizes, examples)
NETWORKS = [([2, 20, 3, 1], 9), ([5, 7, 4, 1], 6), ([3, 1, 2, 1], 1), ([40, 6, 5, 1], 4)]


def _network(rng: np.random.Generator, dims: list[int], m: int):
    x = rng.standard_normal((dims[0], m))
    y = (rng.uniform(size=(1, m)) < 0.5).astype(np.int64)
    params = {}
    for layer in range(1, 4):
        params[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * 0.7
        params[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * 0.3
    return x, y, params


def _forward(x, params, masks=None, keep_prob=1.0):
    z1 = params["W1"] @ x + params["b1"]
    a1 = np.maximum(z1, 0)
    if masks:
        a1 = a1 * masks[0] / keep_prob
    z2 = params["W2"] @ a1 + params["b2"]
    a2 = np.maximum(z2, 0)
    if masks:
        a2 = a2 * masks[1] / keep_prob
    z3 = params["W3"] @ a2 + params["b3"]
    a3 = 1 / (1 + np.exp(-z3))
    return z1, a1, z2, a2, z3, a3


def _cost() -> list[Case]:
    rng = np.random.default_rng(6101)
    cases = []
    for (dims, m), lambd in zip(NETWORKS, [0.7, 0.1, 2.0, 0.0], strict=True):
        _, y, params = _network(rng, dims, m)
        a3 = rng.uniform(0.05, 0.95, size=(1, m))
        cases.append(case(a3, y, params, lambd))
    return cases


def _backward_l2() -> list[Case]:
    rng = np.random.default_rng(6202)
    cases = []
    for (dims, m), lambd in zip(NETWORKS, [0.7, 3.0, 0.05, 1.0], strict=True):
        x, y, p = _network(rng, dims, m)
        z1, a1, z2, a2, z3, a3 = _forward(x, p)
        cache = (z1, a1, p["W1"], p["b1"], z2, a2, p["W2"], p["b2"], z3, a3, p["W3"], p["b3"])
        cases.append(case(x, y, cache, lambd))
    return cases


def _forward_dropout() -> list[Case]:
    rng = np.random.default_rng(6303)
    cases = []
    for (dims, m), keep_prob in zip(NETWORKS, [0.86, 0.5, 0.9, 1.0], strict=True):
        x, _, params = _network(rng, dims, m)
        cases.append(case(x, params, keep_prob))
    return cases


def _backward_dropout() -> list[Case]:
    rng = np.random.default_rng(6404)
    cases = []
    for (dims, m), keep_prob in zip(NETWORKS, [0.86, 0.5, 0.7, 0.8], strict=True):
        x, y, p = _network(rng, dims, m)
        d1 = (rng.uniform(size=(dims[1], m)) < keep_prob).astype(np.int64)
        d2 = (rng.uniform(size=(dims[2], m)) < keep_prob).astype(np.int64)
        z1, a1, z2, a2, z3, a3 = _forward(x, p, (d1, d2), keep_prob)
        cache = (z1, d1, a1, p["W1"], p["b1"], z2, d2, a2, p["W2"], p["b2"], z3, a3, p["W3"],
                 p["b3"])  # fmt: skip
        cases.append(case(x, y, cache, keep_prob))
    return cases


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    return {
        "compute_cost_with_regularization": _cost(),
        "backward_propagation_with_regularization": _backward_l2(),
        "forward_propagation_with_dropout": _forward_dropout(),
        "backward_propagation_with_dropout": _backward_dropout(),
    }
