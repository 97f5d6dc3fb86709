"""Hidden inputs of the trusted verification of gradient_checking (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``assignments.grading.trusted``
calls the four graded functions of a submission on these cases in a sandboxed process and
compares what they return with the reference solution's.

``gradient_check`` calls the submission's own ``forward_propagation`` and
``backward_propagation`` (as in the notebook), and ``gradient_check_n`` the given network of
the notebook's locked ``network`` cell, which ``PRELUDE`` reads from the source notebook next
to this file. The network cases use an ``epsilon`` of 1e-3 or 1e-4, where the truncation error
of formula (1) dominates floating-point rounding: two correct implementations then agree to
many digits, whatever order they add things up in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assignments.grading.cells import cell_source
from assignments.grading.trusted import Case, case

NOTEBOOK = Path(__file__).with_name("Gradient_Checking.ipynb")


# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup and network cells).
PRELUDE = (
    "import numpy as np\n\n"
    "from assignments.nn.three_layer import relu, sigmoid\n"
    "from assignments.nn.param_vectors import (\n"
    "    dictionary_to_vector,\n"
    "    gradients_to_vector,\n"
    "    vector_to_dictionary,\n"
    ")\n\n" + cell_source(NOTEBOOK, "network") + "\n"
)


# One mistake costs one function: while gradient_check is checked, the graded functions it
# calls are stand-ins that the grader answers with the reference versions' results.
ISOLATE = {"gradient_check": ["forward_propagation", "backward_propagation"]}
# A relative difference is a ratio of small numbers: agreement to 1e-5 of its value.
FUNCTION_TOLERANCE = {
    "gradient_check": {"rtol": 1e-5, "atol": 1e-12},
    "gradient_check_n": {"rtol": 1e-5, "atol": 1e-12},
}


def _networkcase(rng: np.random.Generator, dims: list[int], m: int, epsilon: float, right: bool):
    x = rng.standard_normal((dims[0], m))
    y = (rng.uniform(size=(1, m)) < 0.5).astype(np.int64)
    params = {}
    for layer in range(1, 4):
        params[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1]))
        params[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * 0.5
    z1 = params["W1"] @ x + params["b1"]
    a1 = np.maximum(z1, 0)
    z2 = params["W2"] @ a1 + params["b2"]
    a2 = np.maximum(z2, 0)
    a3 = 1 / (1 + np.exp(-(params["W3"] @ a2 + params["b3"])))
    dz3 = a3 - y
    dz2 = (params["W3"].T @ dz3) * (a2 > 0)
    dz1 = (params["W2"].T @ dz2) * (a1 > 0)
    grads = {
        "dW3": dz3 @ a2.T / m, "db3": dz3.sum(axis=1, keepdims=True) / m,
        "dW2": dz2 @ a1.T / m, "db2": dz2.sum(axis=1, keepdims=True) / m,
        "dW1": dz1 @ x.T / m, "db1": dz1.sum(axis=1, keepdims=True) / m,
    }  # fmt: skip
    if not right:  # the mistakes of the notebook's backward pass
        grads["dW2"] = grads["dW2"] * 2
        grads["db1"] = grads["db1"] * 4
    return case(params, grads, x, y, epsilon)


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    rng = np.random.default_rng(7101)
    pairs = [(2.0, 4.0), (-3.5, 1.5), (0.25, -8.0), (10.0, 0.0)]
    networks = [
        _networkcase(rng, [3, 4, 2, 1], 5, 1e-3, True),
        _networkcase(rng, [2, 6, 3, 1], 4, 1e-4, True),
        _networkcase(rng, [4, 5, 3, 1], 3, 1e-3, False),
    ]
    return {
        "forward_propagation": [case(x, theta) for x, theta in pairs],
        "backward_propagation": [case(x, theta) for x, theta in pairs],
        "gradient_check": [case(x, theta, 1e-2) for x, theta in pairs],
        "gradient_check_n": networks,
    }
