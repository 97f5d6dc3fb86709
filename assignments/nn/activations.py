"""Element-wise activations of the fully connected networks, forward and backward.

The contract is the one of the deeplearning.ai helpers (``dnn_utils``) that the DNN
assignments were written against, so that the published values come out unchanged:

- a forward function takes ``Z`` and returns ``(A, cache)``, where ``A`` has the shape of
  ``Z`` and ``cache`` is ``Z`` itself (the backward pass needs nothing else);
- a backward function takes ``dA`` (the gradient of the cost with respect to ``A``) and that
  cache, and returns ``dZ``, the gradient with respect to ``Z``, of the same shape.

Shapes are those of a layer's pre-activation: ``(n_l, m)`` for ``n_l`` units and ``m``
examples, although any shape works since everything is element-wise.
"""

from __future__ import annotations

import numpy as np

__all__ = ["relu", "relu_backward", "sigmoid", "sigmoid_backward"]


def _logistic(Z: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-Z))``, the same floats as the published helper, without its warning.

    For ``Z < -709`` the exponential overflows to ``inf`` and the quotient is exactly 0, which
    is the correctly rounded value; only the "overflow encountered in exp" warning is silenced.
    Rewriting the formula (``exp(Z) / (1 + exp(Z))`` for negative ``Z``) would avoid the
    overflow too but would change the last bits of the results, and with them the costs the
    assignments print after thousands of iterations.
    """
    with np.errstate(over="ignore"):
        return 1 / (1 + np.exp(-Z))


def sigmoid(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The logistic function, element-wise.

    Arguments:
        Z: pre-activation, any shape, typically ``(n_l, m)``.

    Returns:
        ``(A, cache)``: ``A = 1 / (1 + exp(-Z))`` of the shape of ``Z``, and ``cache = Z``.
    """
    return _logistic(Z), Z


def relu(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The rectified linear unit, element-wise.

    Arguments:
        Z: pre-activation, any shape, typically ``(n_l, m)``.

    Returns:
        ``(A, cache)``: ``A = max(0, Z)`` of the shape of ``Z``, and ``cache = Z``.
    """
    return np.maximum(0, Z), Z


def sigmoid_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient through a sigmoid: ``dZ = dA * s * (1 - s)`` with ``s = sigmoid(Z)``.

    Arguments:
        dA: gradient of the cost with respect to the activation, shape ``(n_l, m)``.
        cache: ``Z`` as returned by :func:`sigmoid`, shape ``(n_l, m)``.

    Returns:
        dZ: gradient of the cost with respect to ``Z``, shape ``(n_l, m)``.
    """
    s = _logistic(cache)
    return dA * s * (1 - s)


def relu_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """Gradient through a ReLU: ``dZ = dA`` where ``Z > 0`` and 0 elsewhere.

    The derivative at ``Z = 0`` is taken as 0, as in the published helper.

    Arguments:
        dA: gradient of the cost with respect to the activation, shape ``(n_l, m)``.
        cache: ``Z`` as returned by :func:`relu`, shape ``(n_l, m)``.

    Returns:
        dZ: gradient of the cost with respect to ``Z``, a new array of the shape and dtype
        of ``dA`` (``dA`` is not modified).
    """
    dZ = np.array(dA, copy=True)
    dZ[cache <= 0] = 0
    return dZ
