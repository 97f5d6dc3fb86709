"""Hidden inputs of the trusted verification of initialization (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls the three initializations of a submission on these layer sizes in a sandboxed process and
compares the dictionaries they return with the reference solution's. The random ones seed numpy
themselves, so a layer-size list is all they take: deep, wide, a single layer, a layer of one
unit, and a first layer with many inputs (where the He scale matters most).
"""

from __future__ import annotations

from course.grading.trusted import Case, case

# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup cell).
PRELUDE = "import numpy as np\n"


LAYER_SIZES = [
    [3, 2, 1],
    [2, 10, 5, 1],
    [6, 1],
    [4, 1, 3],
    [300, 20, 7, 1],
    [5, 5, 5, 5, 5, 2],
]


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    calls = [case(list(sizes)) for sizes in LAYER_SIZES]
    return {
        "initialize_parameters_zeros": calls,
        "initialize_parameters_random": calls,
        "initialize_parameters_he": calls,
    }
