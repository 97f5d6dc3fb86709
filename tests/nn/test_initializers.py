"""assignments.nn.initializers: the three-layer network's initializer (course 2)."""

from __future__ import annotations

import numpy as np

from assignments.nn import initializers


def test_initialize_parameters_scales_by_the_fan_in_after_the_seed():
    params = initializers.initialize_parameters([2, 4, 1])
    np.random.seed(3)
    assert np.array_equal(params["W1"], np.random.randn(4, 2) / np.sqrt(2))
    assert np.array_equal(params["W2"], np.random.randn(1, 4) / 2.0)
    assert np.array_equal(params["b1"], np.zeros((4, 1)))
    assert sorted(params) == ["W1", "W2", "b1", "b2"]
