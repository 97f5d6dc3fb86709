"""Hidden inputs of the trusted verification of conv_step_by_step (instructor only).

Not released to students (nbgrader ignores ``trusted_*.py``). ``course.grading.trusted``
calls every graded function of a submission on these cases in a sandboxed process and compares
what comes back with the reference solution of the source notebook, in the grader's process.

The cases cover what the notebook's hidden tests cover (stride 2 and 3, padding 0 to 3,
non-square inputs, a batch of one, 1x1 filters, more channels, both pooling modes) with other
random draws, and stay small enough for a naive looped solution to run them all in well under a
second. Caches for the backward functions are built directly, as the tuples that conv_forward
and pool_forward return.
"""

from __future__ import annotations

import numpy as np
from course.grading.trusted import Case, case

# Run before the function cells, for the reference and for the student (it replaces the
# notebook's locked setup cell, whose helpers are not needed to call the graded functions).
PRELUDE = "import numpy as np"


# One mistake costs one function: while these are checked, the graded functions they call are
# stand-ins that the grader answers with the reference versions' results.
ISOLATE = {
    "conv_forward": ["zero_pad", "conv_single_step"],
    "conv_backward": ["zero_pad"],
    "pool_backward": ["create_mask_from_window", "distribute_value"],
}


def _conv_out(size: int, f: int, stride: int, pad: int) -> int:
    return (size + 2 * pad - f) // stride + 1


def _zero_pad() -> list[Case]:
    rng = np.random.default_rng(1101)
    shapes = [((2, 3, 5, 4), 1), ((1, 6, 2, 1), 3), ((3, 4, 7, 2), 0), ((2, 2, 3, 3), 2)]
    return [case(rng.standard_normal(shape), pad) for shape, pad in shapes]


def _conv_single_step() -> list[Case]:
    rng = np.random.default_rng(1202)
    return [
        case(rng.standard_normal(shape), rng.standard_normal(shape), rng.standard_normal((1, 1, 1)))
        for shape in [(3, 3, 1), (1, 1, 6), (2, 2, 5), (4, 4, 3)]
    ]


CONV_LAYERS = [  # (A_prev shape, f, n_C, stride, pad)
    ((2, 7, 5, 3), 3, 2, 2, 0),  # stride 2, no padding, taller than wide
    ((1, 6, 9, 2), 2, 3, 3, 1),  # batch of one, stride 3
    ((2, 4, 6, 5), 1, 4, 1, 0),  # 1x1 filters, more channels in than out
    ((1, 5, 4, 2), 3, 6, 2, 3),  # pad 3, wider than the filter
    ((3, 3, 3, 1), 3, 1, 1, 1),  # same convolution, one channel
    ((2, 5, 7, 4), 3, 3, 2, 1),  # non-square, stride 2, pad 1
]


def _conv_layer(rng: np.random.Generator, shape: tuple, f: int, n_c: int) -> tuple:
    return (
        rng.standard_normal(shape),
        rng.standard_normal((f, f, shape[3], n_c)),
        rng.standard_normal((1, 1, 1, n_c)),
    )


def _conv_forward() -> list[Case]:
    rng = np.random.default_rng(1303)
    cases = []
    for shape, f, n_c, stride, pad in CONV_LAYERS:
        a_prev, w, b = _conv_layer(rng, shape, f, n_c)
        cases.append(case(a_prev, w, b, {"stride": stride, "pad": pad}))
    return cases


def _conv_backward() -> list[Case]:
    rng = np.random.default_rng(1505)
    cases = []
    for shape, f, n_c, stride, pad in CONV_LAYERS[:5]:
        a_prev, w, b = _conv_layer(rng, shape, f, n_c)
        n_h, n_w = (_conv_out(shape[i], f, stride, pad) for i in (1, 2))
        dz = rng.standard_normal((shape[0], n_h, n_w, n_c))
        cases.append(case(dz, (a_prev, w, b, {"stride": stride, "pad": pad})))
    return cases


POOL_LAYERS = [  # (A_prev shape, f, stride)
    ((1, 7, 5, 2), 3, 2),
    ((2, 6, 9, 1), 2, 3),
    ((2, 4, 3, 5), 1, 1),
    ((1, 4, 5, 3), 3, 1),
    ((3, 5, 6, 2), 4, 1),
    ((2, 4, 4, 2), 2, 2),
]


def _pool_forward() -> list[Case]:
    rng = np.random.default_rng(1404)
    cases = [case(rng.standard_normal((2, 5, 7, 3)), {"f": 2, "stride": 2})]  # default mode
    for shape, f, stride in POOL_LAYERS[:5]:
        a_prev = rng.standard_normal(shape)
        for mode in ("max", "average"):
            cases.append(case(a_prev, {"f": f, "stride": stride}, mode=mode))
    return cases


def _pool_backward() -> list[Case]:
    rng = np.random.default_rng(1808)
    cases = []
    for shape, f, stride in [POOL_LAYERS[i] for i in (0, 1, 3, 5)]:
        a_prev = rng.standard_normal(shape)
        n_h, n_w = (_conv_out(shape[i], f, stride, 0) for i in (1, 2))
        for mode in ("max", "average"):
            da = rng.standard_normal((shape[0], n_h, n_w, shape[3]))
            cases.append(case(da, (a_prev, {"f": f, "stride": stride}), mode=mode))
    return cases


def _create_mask_from_window() -> list[Case]:
    rng = np.random.default_rng(1606)
    # all negative, so that a "> 0" test fails
    return [case(rng.standard_normal(shape) - 5.0) for shape in [(3, 2), (1, 1), (4, 4), (2, 5)]]


def _distribute_value() -> list[Case]:
    rng = np.random.default_rng(1707)
    values = [(3.0, (2, 3)), (-1.5, (1, 1)), (0.7, (3, 1)), (6, (4, 2))]
    values.append((float(rng.standard_normal()), (2, 2)))
    return [case(dz, shape) for dz, shape in values]


def cases() -> dict[str, list[Case]]:
    """The cases of every graded function, in the notebook's order: ``{"args", "kwargs"}``."""
    return {
        "zero_pad": _zero_pad(),
        "conv_single_step": _conv_single_step(),
        "conv_forward": _conv_forward(),
        "pool_forward": _pool_forward(),
        "conv_backward": _conv_backward(),
        "create_mask_from_window": _create_mask_from_window(),
        "distribute_value": _distribute_value(),
        "pool_backward": _pool_backward(),
    }
