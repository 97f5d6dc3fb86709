"""Hidden inputs of the trusted verification of dnn_step_by_step (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls every graded function of a submission on these cases in a sandboxed process and compares
what comes back with the reference solution of the source notebook, in the grader's process.

The cases cover what the notebook's hidden tests cover (deeper and wider networks, a single
sigmoid layer, a batch of one, integer labels, other learning rates, gradients that carry
``dA`` keys) with other random draws. The two initializations seed numpy themselves, so they are
only called with their sizes. Caches for the backward functions are built directly, in the
formats the forward functions return: ``(A_prev, W, b)`` for a linear step,
``((A_prev, W, b), Z)`` for a layer, a list of those for the network, with each layer's input
the ReLU of the previous layer's ``Z`` and ``AL`` the sigmoid of the last one.
"""

from __future__ import annotations

import numpy as np
from course.grading.trusted import Case, case

# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup cell): numpy, copy (update_parameters' given deepcopy) and the
# activation helpers the functions call.
PRELUDE = """\
import copy

import numpy as np

from assignments.nn import relu, relu_backward, sigmoid, sigmoid_backward
"""


# One mistake costs one function: while these are checked, the graded functions they call are
# stand-ins that the grader answers with the reference versions' results.
ISOLATE = {
    "linear_activation_forward": ["linear_forward"],
    "L_model_forward": ["linear_activation_forward", "linear_forward"],
    "linear_activation_backward": ["linear_backward"],
    "L_model_backward": ["linear_activation_backward", "linear_backward"],
}

# (layer_dims, m): deep, wide, a single sigmoid layer, a batch of one
NETWORKS = [
    ([6, 8, 7, 5, 3, 1], 4),
    ([15, 25, 1], 1),
    ([3, 1], 5),
    ([5, 4, 4, 4, 4, 1], 3),
    ([4, 3, 1], 2),
]


def _parameters(rng: np.random.Generator, dims: list[int]) -> dict[str, np.ndarray]:
    params = {}
    for layer in range(1, len(dims)):
        params[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * 0.6
        params[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * 0.3
    return params


def _forward(x: np.ndarray, params: dict[str, np.ndarray]) -> tuple[np.ndarray, list[tuple]]:
    """AL and the caches of the network, as the reference's L_model_forward builds them."""
    layers = len(params) // 2
    a, caches = x, []
    for layer in range(1, layers + 1):
        w, b = params[f"W{layer}"], params[f"b{layer}"]
        z = w @ a + b
        caches.append(((a, w, b), z))
        a = np.maximum(z, 0) if layer < layers else 1 / (1 + np.exp(-z))
    return a, caches


def _labels(rng: np.random.Generator, m: int) -> np.ndarray:
    return (rng.uniform(size=(1, m)) < 0.5).astype(int)


def _initialize_parameters() -> list[Case]:
    return [case(*sizes) for sizes in [(3, 2, 1), (7, 5, 3), (1, 1, 1), (12, 20, 1)]]


def _initialize_parameters_deep() -> list[Case]:
    return [case(dims) for dims in [[5, 4, 3], [6, 5, 4, 3, 1], [3, 1], [2, 7, 7, 7, 7, 2]]]


def _linear_forward() -> list[Case]:
    rng = np.random.default_rng(2101)
    cases = []
    for n_prev, n, m in [(4, 6, 5), (7, 1, 1), (1, 3, 8), (12, 9, 2)]:
        cases.append(
            case(
                rng.standard_normal((n_prev, m)),
                rng.standard_normal((n, n_prev)),
                rng.standard_normal((n, 1)),
            )
        )
    return cases


def _linear_activation_forward() -> list[Case]:
    rng = np.random.default_rng(2202)
    cases = []
    for n_prev, n, m in [(5, 4, 6), (3, 2, 1), (8, 1, 3)]:
        a_prev = rng.standard_normal((n_prev, m))
        w = rng.standard_normal((n, n_prev))
        b = rng.standard_normal((n, 1))
        cases += [case(a_prev, w, b, activation) for activation in ("sigmoid", "relu")]
    return cases


def _l_model_forward() -> list[Case]:
    rng = np.random.default_rng(2303)
    cases = []
    for dims, m in NETWORKS:
        params = _parameters(rng, dims)
        cases.append(case(rng.standard_normal((dims[0], m)), params))
    return cases


def _compute_cost() -> list[Case]:
    rng = np.random.default_rng(2404)
    cases = []
    for m in [1, 3, 7, 40]:
        al = rng.uniform(0.02, 0.98, size=(1, m))
        cases.append(case(al, _labels(rng, m)))
        cases.append(case(al, _labels(rng, m).astype(float)))
    return cases


def _linear_backward() -> list[Case]:
    rng = np.random.default_rng(2505)
    cases = []
    for n_prev, n, m in [(4, 3, 5), (6, 2, 1), (1, 4, 3), (5, 5, 2)]:
        dz = rng.standard_normal((n, m))
        cache = (
            rng.standard_normal((n_prev, m)),
            rng.standard_normal((n, n_prev)),
            rng.standard_normal((n, 1)),
        )
        cases.append(case(dz, cache))
    return cases


def _linear_activation_backward() -> list[Case]:
    rng = np.random.default_rng(2606)
    cases = []
    for n_prev, n, m in [(4, 3, 5), (2, 1, 1), (5, 6, 2)]:
        for activation in ("sigmoid", "relu"):
            a_prev = rng.standard_normal((n_prev, m))
            w = rng.standard_normal((n, n_prev))
            b = rng.standard_normal((n, 1))
            da = rng.standard_normal((n, m))
            cases.append(case(da, ((a_prev, w, b), w @ a_prev + b), activation))
    return cases


def _l_model_backward() -> list[Case]:
    rng = np.random.default_rng(2707)
    cases = []
    for dims, m in NETWORKS:
        params = _parameters(rng, dims)
        al, caches = _forward(rng.standard_normal((dims[0], m)), params)
        cases.append(case(al, _labels(rng, m), caches))
    return cases


def _update_parameters() -> list[Case]:
    rng = np.random.default_rng(2808)
    cases = []
    for dims, learning_rate in [([4, 5, 3, 1], 0.0075), ([2, 1], 1.5), ([6, 6, 6, 6, 1], 0.3)]:
        params = _parameters(rng, dims)
        grads = {}
        for layer in range(1, len(dims)):
            grads[f"dW{layer}"] = rng.standard_normal(params[f"W{layer}"].shape)
            grads[f"db{layer}"] = rng.standard_normal(params[f"b{layer}"].shape)
            grads[f"dA{layer - 1}"] = rng.standard_normal((dims[layer - 1], 3))
        cases.append(case(params, grads, learning_rate))
    return cases


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    return {
        "initialize_parameters": _initialize_parameters(),
        "initialize_parameters_deep": _initialize_parameters_deep(),
        "linear_forward": _linear_forward(),
        "linear_activation_forward": _linear_activation_forward(),
        "L_model_forward": _l_model_forward(),
        "compute_cost": _compute_cost(),
        "linear_backward": _linear_backward(),
        "linear_activation_backward": _linear_activation_backward(),
        "L_model_backward": _l_model_backward(),
        "update_parameters": _update_parameters(),
    }
