"""Hidden inputs of the trusted verification of gradient_checking (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls the four graded functions of a submission on these cases in a sandboxed process and
compares what they return with the reference solution's.

``gradient_check`` calls ``forward_propagation`` and ``backward_propagation``, which
``ISOLATE`` answers with the reference versions: J = theta * x is linear and the backward pass
right, so on an ordinary epsilon formula (2) is floating-point rounding only, whose digits
depend on how a correct implementation computes it. Such cases are judged as the notebook's
test judges them: within 1e-7 of the reference (``FUNCTION_TOLERANCE``), a threshold, not a
comparison of the rounding. The cases that pin the formula down use an epsilon below the
resolution of theta instead: theta = 1 + 2**-52 (or 2 + 2**-51, ...) and epsilon = 2**-53 (a
power of 2), where theta + epsilon and theta - epsilon round (IEEE round-to-nearest-even) to
theta + 2**-52 and 1, so that gradapprox is exactly twice (or 2/3, 1.6, ...) the derivative.
Every correct way of writing formula (1) computes it exactly there (J_plus - J_minus is exact
as the two are within a factor 2 of each other, and dividing by 2 * epsilon, by epsilon then 2,
or J_plus / epsilon - J_minus / epsilon, is exact for a power of 2), so formula (2) is a
well-defined number (1/3 for gradapprox = 2 grad) that the course's tolerance rule judges:
the difference of the norms (-1/3), the norm of grad alone as denominator (1) or a one-sided
difference (1/7) all fail.

``gradient_check_n`` uses the given network of the notebook's locked ``network`` cell, which
``PRELUDE`` reads from the source notebook next to this file (it calls no graded function).
The network cases use an ``epsilon`` of 1e-3 or 1e-4, where the truncation error of formula
(1) dominates floating-point rounding: two correct implementations then agree to many digits,
whatever order they add things up in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from course.grading.cells import cell_source
from course.grading.trusted import Case, case

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
# gradient_check: the course's rule (rtol None) plus 1e-7, the notebook's threshold for
# rounding noise: a difference that is rounding only (right backward pass, ordinary epsilon)
# passes anywhere below 1e-7, one that is a well-defined number (the cases with epsilon below
# the resolution of theta) must agree with the reference to 1e-7.
# gradient_check_n: a relative difference of two gradients that agree to about 1e-7 is a ratio
# of small numbers, with the rounding of formula (1) in its last digits: agreement to 1e-5 of
# its value (at least 1e-8, checks.FLOOR times rtol).
FUNCTION_TOLERANCE = {
    "gradient_check": {"rtol": None, "atol": 1e-7},
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
    # (x, theta, epsilon) with epsilon below the resolution of theta: gradapprox / grad is 2.0,
    # 1.6, 2.142857..., 2.4 and 2/3 (see the docstring)
    unit = 2.0**-52
    rounded = [
        (3.0, 1 + unit, unit / 2),
        (-2.5, 1 + unit, unit / 2),
        (0.7, 2 + 2 * unit, unit),
        (5.0, 1 + 3 * unit, unit / 2),
        (3.0, 1.0, unit / 2),
    ]
    networks = [
        _networkcase(rng, [3, 4, 2, 1], 5, 1e-3, True),
        _networkcase(rng, [2, 6, 3, 1], 4, 1e-4, True),
        _networkcase(rng, [4, 5, 3, 1], 3, 1e-3, False),
    ]
    return {
        "forward_propagation": [case(x, theta) for x, theta in pairs],
        "backward_propagation": [case(x, theta) for x, theta in pairs],
        "gradient_check": [case(x, theta, 1e-2) for x, theta in pairs]
        + [case(x, theta, epsilon) for x, theta, epsilon in rounded],
        "gradient_check_n": networks,
    }
