"""Vectorized layers for convolutional networks, with the CS231n contract.

Every ``*_forward`` returns ``(out, cache)``; its ``*_backward`` takes ``(dout, cache)`` and
returns the gradients with respect to its inputs, in the order of the forward's arguments.
Images are NHWC, as in the assignments: ``(m, n_H, n_W, n_C)``; filters are
``(f, f, n_C_prev, n_C)`` and conv biases ``(n_C,)``. These are the fast counterparts of the
looped functions of conv_step_by_step (the tests check that they agree), given to students
in conv_application.

Convolution is one matrix product per pass (im2col): the input windows are gathered into a
``(m * n_H * n_W, f * f * n_C_prev)`` matrix with ``sliding_window_view`` and multiplied by the
filters reshaped to ``(f * f * n_C_prev, n_C)``. The backward pass needs the inverse gather
(col2im); it computes and adds the input gradient one filter offset at a time, ``f * f``
small matrix products, each added as one contiguous block.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

__all__ = [
    "affine_backward", "affine_forward", "conv_backward", "conv_forward", "flatten_backward",
    "flatten_forward", "max_pool_backward", "max_pool_forward", "relu_backward",
    "relu_forward", "same_padding", "softmax_loss",
]  # fmt: skip


# --------------------------------------------------------------------------- padding


def same_padding(size: int, f: int, stride: int) -> tuple[int, int, int]:
    """TensorFlow's "SAME" padding along one axis: ``(out, before, after)``.

    The output has ``ceil(size / stride)`` positions; the padding needed for that is split
    with the extra row (if any) after, as TensorFlow does.
    """
    out = -(-size // stride)
    total = max((out - 1) * stride + f - size, 0)
    return out, total // 2, total - total // 2


def _pad(x: np.ndarray, pads: tuple[tuple[int, int], tuple[int, int]], value: float = 0.0):
    (top, bottom), (left, right) = pads
    if top == bottom == left == right == 0:
        return x
    return np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=value)


def _pads(x_shape, f: int, stride: int, padding) -> tuple[tuple[int, int], tuple[int, int]]:
    if padding == "same":
        return same_padding(x_shape[1], f, stride)[1:], same_padding(x_shape[2], f, stride)[1:]
    if padding == "valid":
        return (0, 0), (0, 0)
    return (int(padding), int(padding)), (int(padding), int(padding))


def _windows(xp: np.ndarray, f: int, stride: int) -> np.ndarray:
    """View of the windows: (m, n_H, n_W, n_C, f, f) (no copy)."""
    return sliding_window_view(xp, (f, f), axis=(1, 2))[:, ::stride, ::stride]


# --------------------------------------------------------------------------- convolution


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding=0):
    """Convolution.

    Arguments:
        x: (m, n_H_prev, n_W_prev, n_C_prev) inputs.
        w: (f, f, n_C_prev, n_C) filters; b: (n_C,) biases (any shape holding n_C values).
        stride: step between windows; padding: an int (zeros on every side), "valid" or
            "same" (TensorFlow's).

    Returns:
        ``(out, cache)``: out (m, n_H, n_W, n_C).
    """
    f, n_c = w.shape[0], w.shape[3]
    pads = _pads(x.shape, f, stride, padding)
    xp = _pad(x, pads)
    windows = _windows(xp, f, stride)  # (m, n_H, n_W, C, f, f)
    m, n_h, n_w = windows.shape[:3]
    cols = windows.transpose(0, 1, 2, 4, 5, 3).reshape(m * n_h * n_w, -1)
    out = cols @ w.reshape(-1, n_c) + np.reshape(b, (1, n_c))
    return out.reshape(m, n_h, n_w, n_c), (x.shape, xp.shape, pads, cols, w, stride)


def conv_backward(dout: np.ndarray, cache):
    """Gradients of :func:`conv_forward`: ``(dx, dw, db)``, of the shapes of x, w, (n_C,)."""
    x_shape, xp_shape, pads, cols, w, stride = cache
    f, _, n_c_prev, n_c = w.shape
    m, n_h, n_w, _ = dout.shape
    d2 = dout.reshape(-1, n_c)
    dw = (cols.T @ d2).reshape(w.shape)
    db = d2.sum(axis=0)
    # col2im, one filter offset at a time: each product is a contiguous (m, n_H, n_W, n_C_prev)
    # block added to a strided slice. (Scattering the columns of one big d2 @ w.T instead
    # reads n_C_prev-long runs 48 apart: 4x slower for the 3 channels of an image.)
    dxp = np.zeros(xp_shape, dtype=dout.dtype)
    h_end, w_end = stride * (n_h - 1) + 1, stride * (n_w - 1) + 1
    for i in range(f):
        for j in range(f):
            block = (d2 @ w[i, j].T).reshape(m, n_h, n_w, n_c_prev)
            dxp[:, i : i + h_end : stride, j : j + w_end : stride, :] += block
    (top, bottom), (left, right) = pads
    dx = dxp[:, top : xp_shape[1] - bottom, left : xp_shape[2] - right, :]
    return dx, dw, db


# --------------------------------------------------------------------------- pooling


def max_pool_forward(x: np.ndarray, f: int, stride: int, padding="valid"):
    """Max pooling over f x f windows (padding "valid" or TensorFlow's "same", which pads
    with -inf so that padded positions are never the maximum).

    Returns ``(out, cache)``: out (m, n_H, n_W, n_C).
    """
    pads = _pads(x.shape, f, stride, padding)
    xp = _pad(x, pads, value=-np.inf)
    windows = _windows(xp, f, stride)  # (m, n_H, n_W, C, f, f)
    flat = windows.reshape(*windows.shape[:4], f * f)
    arg = flat.argmax(axis=-1)
    out = np.take_along_axis(flat, arg[..., None], axis=-1)[..., 0]
    return out, (x.shape, xp.shape, pads, arg, f, stride)


def max_pool_backward(dout: np.ndarray, cache) -> np.ndarray:
    """Gradient of :func:`max_pool_forward`: each window's gradient goes to its (first)
    maximum. Returns dx of the shape of x."""
    x_shape, xp_shape, pads, arg, f, stride = cache
    m, n_h, n_w, n_c = dout.shape
    dxp = np.zeros(xp_shape, dtype=dout.dtype)
    rows = (np.arange(n_h) * stride)[None, :, None, None] + arg // f
    cols = (np.arange(n_w) * stride)[None, None, :, None] + arg % f
    batch = np.arange(m)[:, None, None, None]
    channel = np.arange(n_c)[None, None, None, :]
    np.add.at(dxp, (batch, rows, cols, channel), dout)
    (top, bottom), (left, right) = pads
    return dxp[:, top : xp_shape[1] - bottom, left : xp_shape[2] - right, :]


# --------------------------------------------------------------------------- dense layers


def relu_forward(x: np.ndarray):
    """max(x, 0), any shape. Returns ``(out, cache)``."""
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    return dout * (cache > 0)


def flatten_forward(x: np.ndarray):
    """(m, ...) -> (m, D), row-major (NHWC order). Returns ``(out, cache)``."""
    return x.reshape(x.shape[0], -1), x.shape


def flatten_backward(dout: np.ndarray, cache) -> np.ndarray:
    return dout.reshape(cache)


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray):
    """x (m, D) @ w (D, M) + b (M,). Returns ``(out, cache)``: out (m, M)."""
    return x @ w + b, (x, w)


def affine_backward(dout: np.ndarray, cache):
    """Returns ``(dx, dw, db)`` of the shapes of x, w, b."""
    x, w = cache
    return dout @ w.T, x.T @ dout, dout.sum(axis=0)


def softmax_loss(scores: np.ndarray, y: np.ndarray):
    """Mean softmax cross-entropy of scores (m, K) for integer labels y (m,).

    The largest score of each row is subtracted first, so no exponential overflows.
    Returns ``(loss, dscores)``.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    m = scores.shape[0]
    loss = -log_probs[np.arange(m), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(m), y] -= 1
    return float(loss), dscores / m
