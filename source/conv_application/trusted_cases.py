"""Hidden inputs of the trusted verification of conv_application (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls the five graded functions of a submission on these cases in a sandboxed process and
compares what they return with what the reference solution returns here.

``model`` calls the four other graded functions. So that a mistake in one of them costs only
its own points, while ``model`` is checked the four are stand-ins answered by the grader with
the reference versions' results (``ISOLATE``); no reference code enters the student's process.
The given ``backward_propagation`` is the notebook's locked cell (as released), read from the
source notebook.

The cases are small: pictures of 8 to 40 pixels, a few examples, one to four epochs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from course.grading.cells import cell_source
from course.grading.trusted import Case, case

NOTEBOOK = Path(__file__).with_name("Convolution_model_Application.ipynb")
HELPERS = ("random_mini_batches", "initialize_parameters", "forward_propagation", "compute_cost")

# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup cell and defines the given backward pass).
PRELUDE = (
    "import numpy as np\n\n"
    "from assignments.nn.layers import (affine_backward, affine_forward, conv_backward,\n"
    "    conv_forward, flatten_backward, flatten_forward, max_pool_backward, max_pool_forward,\n"
    "    relu_backward, relu_forward, same_padding)\n"
    "from assignments.nn.optim import adam\n\n" + cell_source(NOTEBOOK, "backward") + "\n"
)

ISOLATE = {"model": list(HELPERS)}

# No FUNCTION_TOLERANCE: every function is judged by the course's rule (checks.tolerance, by the
# precision of the result: float32 parameters get float32's rtol). Measured with
# benchmarks/tolerance_spread.py, the correct variants differ from the reference by at most
# 2.4e-15 (compute_cost), 1.9e-16 (model, with ISOLATE) and 0 (forward_propagation) of |e|_max.


def _one_hot(rng: np.random.Generator, m: int, n_y: int, dtype=np.float64) -> np.ndarray:
    return np.eye(n_y, dtype=dtype)[rng.integers(0, n_y, m)]


def _random_mini_batches() -> list[Case]:
    rng = np.random.default_rng(7101)
    cases = []
    for m, size, seed in [(130, 64, 0), (64, 64, 1), (65, 64, 2), (1, 64, 3), (100, 32, 4),
                          (7, 3, 11), (12, 1, 5)]:  # fmt: skip
        cases.append(case(rng.normal(size=(m, 3, 2, 2)), _one_hot(rng, m, 5), size, seed))
    return cases


def _initialize_parameters() -> list[Case]:
    return [
        case(),
        case((32, 40, 1), 4, seed=2),
        case((9, 70, 5), 3, seed=0),
        case((8, 8, 2), 10, seed=123),
    ]


def _parameters(rng: np.random.Generator, n_c: int, n_f: int, n_y: int) -> dict[str, Any]:
    return {
        "W1": rng.normal(0, 0.3, (4, 4, n_c, 8)), "b1": rng.normal(0, 0.1, 8),
        "W2": rng.normal(0, 0.3, (2, 2, 8, 16)), "b2": rng.normal(0, 0.1, 16),
        "W3": rng.normal(0, 0.3, (n_f, n_y)), "b3": rng.normal(0, 0.1, n_y),
    }  # fmt: skip


def _forward_propagation() -> list[Case]:
    rng = np.random.default_rng(7303)
    cases = []
    for m, h, w, c, n_f, n_y in [(3, 20, 12, 3, 16, 4), (1, 64, 64, 3, 64, 6),
                                 (2, 9, 33, 1, 32, 2), (2, 40, 40, 2, 64, 5)]:  # fmt: skip
        cases.append(case(rng.normal(size=(m, h, w, c)), _parameters(rng, c, n_f, n_y)))
    return cases


def _compute_cost() -> list[Case]:
    rng = np.random.default_rng(7404)
    cases = []
    for m, n_y, scale in [(5, 6, 1.0), (1, 6, 3.0), (64, 6, 10.0), (7, 2, 1e4), (3, 10, 0.01)]:
        cases.append(case(rng.normal(0, scale, size=(m, n_y)), _one_hot(rng, m, n_y)))
    return cases


def _model() -> list[Case]:
    rng = np.random.default_rng(7505)
    cases = []
    for m, shape, n_y, lr, epochs, size, seed in [
        (20, (16, 16, 3), 6, 0.01, 3, 8, 3),
        (13, (9, 20, 2), 3, 0.05, 2, 5, 0),
        (8, (8, 8, 1), 4, 0.003, 4, 8, 10),
        (30, (32, 32, 3), 6, 0.009, 1, 64, 7),
    ]:
        x = rng.normal(size=(m, *shape)).astype(np.float32)
        y = _one_hot(rng, m, n_y, np.float32)
        cases.append(case(x, y, learning_rate=lr, num_epochs=epochs, minibatch_size=size,
                           print_cost=False, seed=seed))  # fmt: skip
    return cases


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    return {
        "random_mini_batches": _random_mini_batches(),
        "initialize_parameters": _initialize_parameters(),
        "forward_propagation": _forward_propagation(),
        "compute_cost": _compute_cost(),
        "model": _model(),
    }
