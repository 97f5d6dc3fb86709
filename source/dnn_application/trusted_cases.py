"""Hidden inputs of the trusted verification of dnn_application (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls the two graded models of a submission on these cases in a sandboxed process and compares
the parameters and costs they return with what the reference solution returns here.

The models call the building blocks of the notebook's locked ``toolbox`` cell, which the
trusted run does not take from the submission (locked cells are the release's, not the
student's): ``PRELUDE`` reads that cell from the source notebook next to this file, so the
student's models run on exactly the given blocks.

The cases are random data sets small enough for a few hundred iterations to take milliseconds:
a 2-layer network of another width, a deeper and a single-layer network, other learning rates,
iteration counts that record one to three costs, and the ``init_scale`` argument passed on.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from course.grading.cells import cell_source
from course.grading.trusted import Case, case

NOTEBOOK = Path(__file__).with_name("Deep_Neural_Network_Application.ipynb")


# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup and toolbox cells).
PRELUDE = (
    "import numpy as np\n\n"
    "from assignments.nn import relu, relu_backward, sigmoid, sigmoid_backward\n\n"
    + cell_source(NOTEBOOK, "toolbox")
    + "\n"
)


def _data(rng: np.random.Generator, n_x: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(0.0, 1.0, size=(n_x, m))
    y = (rng.uniform(size=(1, m)) < 0.45).astype(np.int64)
    return x, y


def _two_layer_model() -> list[Case]:
    rng = np.random.default_rng(5101)
    cases = []
    for (n_x, n_h, m), lr, iterations in [((30, 6, 25), 0.05, 150), ((7, 2, 9), 1.0, 101),
                                          ((64, 9, 40), 0.02, 260)]:  # fmt: skip
        x, y = _data(rng, n_x, m)
        cases.append(case(x, y, (n_x, n_h, 1), lr, iterations))
    return cases


def _l_layer_model() -> list[Case]:
    rng = np.random.default_rng(5202)
    cases = []
    for dims, m, lr, iterations in [([30, 8, 5, 1], 25, 0.05, 201), ([6, 1], 10, 0.5, 50),
                                    ([9, 7, 6, 5, 4, 1], 12, 0.2, 120),
                                    ([64, 10, 3, 1], 40, 0.01, 101)]:  # fmt: skip
        x, y = _data(rng, dims[0], m)
        cases.append(case(x, y, dims, lr, iterations))
    x, y = _data(rng, 12, 8)
    cases.append(case(x, y, [12, 6, 1], 0.0075, 30, init_scale=0.01))
    return cases


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    return {"two_layer_model": _two_layer_model(), "L_layer_model": _l_layer_model()}
