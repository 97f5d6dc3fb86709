"""The initializer of the course-2 three-layer network (``reg_utils.initialize_parameters``).

Given to students with ``regularization``, which trains :mod:`assignments.nn.three_layer`
from it. It is kept apart from the network because, times ``sqrt(2)``, it is
``initialization``'s graded He initializer: it reaches students only after that assignment
(see the course's release schedule).
"""

from __future__ import annotations

import numpy as np

__all__ = ["initialize_parameters"]

Parameters = dict[str, np.ndarray]


def initialize_parameters(layer_dims: list[int], seed: int = 3) -> Parameters:
    """Weights ``randn / sqrt(n_{l-1})`` and zero biases, drawn after ``np.random.seed(seed)``.

    Arguments:
        layer_dims: ``[n_x, n_1, ..., n_L]``, the layer sizes, input first.

    Returns:
        ``{"W1": (n_1, n_x), "b1": (n_1, 1), ...}``.
    """
    np.random.seed(seed)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        n, n_prev = layer_dims[layer], layer_dims[layer - 1]
        parameters[f"W{layer}"] = np.random.randn(n, n_prev) / np.sqrt(n_prev)
        parameters[f"b{layer}"] = np.zeros((n, 1))
    return parameters
