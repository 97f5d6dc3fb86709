"""The 3-layer network LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID of course 2.

Given to students in the initialization, regularization and gradient-checking assignments,
which grade other functions (initializations, the L2 and dropout versions of these passes, the
gradient check) and train this network around them. The operations are those of the original
helpers (``init_utils`` / ``reg_utils``), in the same order, so that the published costs and
accuracies come out to their printed digits after tens of thousands of iterations.

Shapes: ``X`` is ``(n_x, m)``, one example per column; ``Y`` is ``(1, m)`` of 0 and 1; layer
``l`` has ``Wl`` of shape ``(n_l, n_{l-1})`` and ``bl`` of shape ``(n_l, 1)``. The cache of a
forward pass is the tuple ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``.

The activations here keep the course-2 contract of those helper files: :func:`relu` and
:func:`sigmoid` return the array alone (``A1 = relu(Z1)``), not the ``(A, cache)`` pair of
the DNN assignments' :mod:`assignments.nn.activations`, so that code written for the original
course-2 instructions runs unchanged.

The network's initializer is :mod:`assignments.nn.initializers`: it reaches students with
``regularization``, after ``initialization`` has them write their own.
"""

from __future__ import annotations

import numpy as np

from assignments.nn import activations

__all__ = [
    "backward_propagation",
    "compute_cost",
    "forward_propagation",
    "predict",
    "predict_dec",
    "relu",
    "sigmoid",
    "update_parameters",
]

Parameters = dict[str, np.ndarray]


def relu(x: np.ndarray) -> np.ndarray:
    """``max(0, x)`` element-wise, any shape; the array alone (course-2 contract)."""
    return activations.relu(x)[0]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))`` element-wise, any shape; the array alone (course-2 contract)."""
    return activations.sigmoid(x)[0]


def forward_propagation(X: np.ndarray, parameters: Parameters) -> tuple[np.ndarray, tuple]:
    """The forward pass.

    Arguments:
        X: (n_x, m) inputs.
        parameters: W1 (n_1, n_x), b1 (n_1, 1), W2 (n_2, n_1), b2 (n_2, 1), W3 (1, n_2), b3 (1, 1).

    Returns:
        ``(A3, cache)``: A3 (1, m), the probabilities, and the cache
        ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    return A3, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation(X: np.ndarray, Y: np.ndarray, cache: tuple) -> dict[str, np.ndarray]:
    """The backward pass of the cross-entropy cost (no regularization).

    Arguments:
        X: (n_x, m) inputs; Y: (1, m) labels; cache: from :func:`forward_propagation`.

    Returns:
        The 11 gradients ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``, each of
        the shape of its variable.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = 1.0 / m * (A3 - Y)
    dW3 = np.dot(dZ3, A2.T)
    db3 = np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = np.dot(dZ2, A1.T)
    db2 = np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }  # fmt: skip


def update_parameters(
    parameters: Parameters, grads: dict[str, np.ndarray], learning_rate: float
) -> Parameters:
    """One step of gradient descent: ``W = W - learning_rate * dW``, the same for ``b``.

    Returns a new dictionary; ``parameters`` is not modified.
    """
    updated = dict(parameters)
    for layer in range(1, len(parameters) // 2 + 1):
        updated[f"W{layer}"] = parameters[f"W{layer}"] - learning_rate * grads[f"dW{layer}"]
        updated[f"b{layer}"] = parameters[f"b{layer}"] - learning_rate * grads[f"db{layer}"]
    return updated


def compute_cost(A3: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy cost ``-1/m * sum(Y log A3 + (1 - Y) log(1 - A3))``.

    Terms ``0 * log(0)`` (a prediction of exactly 0 or 1 on the right label) are NaN in floating
    point and are left out of the sum (``np.nansum``), as in the original helpers; a prediction
    of exactly 0 or 1 on the wrong label gives ``inf``.

    Arguments:
        A3: (1, m) probabilities; Y: (1, m) labels.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    return float(1.0 / m * np.nansum(logprobs))


def predict(X: np.ndarray, y: np.ndarray, parameters: Parameters) -> np.ndarray:
    """Labels predicted by the network (1 where ``A3 > 0.5``); prints the accuracy.

    Arguments:
        X: (n_x, m) inputs; y: (1, m) true labels.

    Returns:
        (1, m) array of 0 and 1 (ints).
    """
    A3, _ = forward_propagation(X, parameters)
    p = (A3 > 0.5).astype(int)
    print("Accuracy: " + str(np.mean(p[0, :] == y[0, :])))
    return p


def predict_dec(parameters: Parameters, X: np.ndarray) -> np.ndarray:
    """The predicted labels as booleans, without printing (for decision-boundary plots).

    Arguments:
        X: (n_x, m) inputs. Returns: (1, m) booleans.
    """
    A3, _ = forward_propagation(X, parameters)
    return A3 > 0.5
