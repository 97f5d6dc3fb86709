"""assignments.nn.activations: the published dnn_utils contract, exact values, gradients."""

import warnings

import numpy as np
import pytest

from assignments.nn import relu, relu_backward, sigmoid, sigmoid_backward

Z = np.array([[-2.0, 0.0, 3.0], [1.5, -0.5, 0.0]])
DA = np.array([[1.0, 2.0, -1.0], [0.5, 3.0, 1.0]])


def numeric_derivative(forward, z: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central differences of an element-wise function, entry by entry."""
    return (forward(z + eps)[0] - forward(z - eps)[0]) / (2 * eps)


# ------------------------------------------------------------------------------ forward


def test_sigmoid_values_and_cache():
    A, cache = sigmoid(Z)
    assert A.tolist() == [
        [0.11920292202211755, 0.5, 0.9525741268224334],
        [0.8175744761936437, 0.3775406687981454, 0.5],
    ]
    assert cache is Z


def test_sigmoid_is_bit_identical_to_the_published_formula():
    z = np.random.default_rng(0).standard_normal((4, 50)) * 10
    np.testing.assert_array_equal(sigmoid(z)[0], 1 / (1 + np.exp(-z)))


def test_sigmoid_saturates_without_overflow_warning():
    z = np.array([[-1000.0, -745.0, 0.0, 40.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A, _ = sigmoid(z)
        dZ = sigmoid_backward(np.ones_like(z), z)
    assert A.tolist() == [[0.0, 0.0, 0.5, 1.0, 1.0]]
    assert dZ.tolist() == [[0.0, 0.0, 0.25, 0.0, 0.0]]


def test_relu_values_and_cache():
    A, cache = relu(Z)
    assert A.tolist() == [[0.0, 0.0, 3.0], [1.5, 0.0, 0.0]]
    assert cache is Z


# ------------------------------------------------------------------------------ backward


def test_sigmoid_backward_values():
    dZ = sigmoid_backward(DA, Z)
    assert dZ.tolist() == [
        [0.1049935854035065, 0.5, -0.045176659730912],
        [0.07457322603516643, 0.7050111366047834, 0.25],
    ]


def test_relu_backward_values_zero_at_zero_and_input_untouched():
    before = DA.copy()
    dZ = relu_backward(DA, Z)
    assert dZ.tolist() == [[0.0, 0.0, -1.0], [0.5, 0.0, 0.0]]
    np.testing.assert_array_equal(DA, before)
    assert dZ is not DA


@pytest.mark.parametrize(
    ("forward", "backward"), [(sigmoid, sigmoid_backward), (relu, relu_backward)]
)
def test_backward_matches_a_numerical_gradient(forward, backward):
    rng = np.random.default_rng(7)
    z = rng.standard_normal((5, 8))
    z[np.abs(z) < 1e-3] = 0.5  # keep away from the kink of relu
    dA = rng.standard_normal((5, 8))
    np.testing.assert_allclose(
        backward(dA, z), dA * numeric_derivative(forward, z), rtol=1e-6, atol=1e-9
    )


@pytest.mark.parametrize("function", [sigmoid, relu])
def test_forward_keeps_the_shape(function):
    z = np.arange(-6.0, 6.0).reshape(3, 4)
    assert function(z)[0].shape == (3, 4)
