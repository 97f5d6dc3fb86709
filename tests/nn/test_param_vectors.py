"""assignments.nn.param_vectors: parameters as one vector and back."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.nn.param_vectors import (
    dictionary_to_vector,
    gradients_to_vector,
    vector_to_dictionary,
)


def _parameters():
    return {
        "b2": np.array([[7.0]]),
        "W1": np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]),
        "W2": np.array([[8.0, 9.0, 10.0]]),
        "b1": np.array([[11.0], [12.0], [13.0]]),
    }


def test_dictionary_to_vector_orders_layer_by_layer_row_by_row():
    theta, layout = dictionary_to_vector(_parameters())
    assert theta.shape == (13, 1)
    assert theta.ravel().tolist() == [1, 2, 3, 4, 5, 6, 11, 12, 13, 8, 9, 10, 7]
    assert layout == [("W1", (3, 2)), ("b1", (3, 1)), ("W2", (1, 3)), ("b2", (1, 1))]


def test_vector_to_dictionary_inverts_it_and_copies():
    parameters = _parameters()
    theta, layout = dictionary_to_vector(parameters)
    back = vector_to_dictionary(theta, layout)
    assert sorted(back) == sorted(parameters)
    assert all(np.array_equal(back[k], parameters[k]) for k in parameters)
    back["W1"][0, 0] = -1.0
    assert theta[0, 0] == 1.0


def test_gradients_to_vector_matches_the_parameter_order_and_ignores_other_keys():
    grads = {f"d{k}": v * 10 for k, v in _parameters().items()}
    grads["dA1"] = np.ones((3, 4))
    assert gradients_to_vector(grads).ravel().tolist() == [
        10, 20, 30, 40, 50, 60, 110, 120, 130, 80, 90, 100, 70,
    ]  # fmt: skip


def test_bad_inputs_say_what_is_wrong():
    with pytest.raises(ValueError, match=r"expected the keys W1, b1, \.\.\., W1, b1; got \['W1'\]"):
        dictionary_to_vector({"W1": np.ones((2, 2))})
    _, layout = dictionary_to_vector(_parameters())
    with pytest.raises(ValueError, match="theta has 12 entries but the layout holds 13"):
        vector_to_dictionary(np.zeros((12, 1)), layout)
