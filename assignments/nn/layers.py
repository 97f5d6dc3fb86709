"""Vectorized layers for convolutional networks, with the CS231n contract.

Every ``*_forward`` returns ``(out, cache)``; its ``*_backward`` takes ``(dout, cache)`` and
returns the gradients with respect to its inputs, in the order of the forward's arguments.
Images are NHWC, as in the assignments: ``(m, n_H, n_W, n_C)``; filters are
``(f, f, n_C_prev, n_C)`` and conv biases ``(n_C,)``. These are the fast counterparts of the
looped functions of conv_step_by_step (the tests check that they agree), given to students
in conv_application.

Convolution is im2col: the input values seen by each filter offset are gathered into the rows of a
matrix, and each pass is then a matrix product (forward: the output; backward: dW and db together,
and the input gradient, which col2im adds back). The comment above conv_forward explains the layout
that makes each of im2col and col2im one numpy call along contiguous runs, why the work goes a few
images at a time, and how a large batch's chunks of images are shared out between threads. Max
pooling takes each window's maximum in two short loops over strided views (rows, then columns), and
gives the gradient to the window's first maximum, found without copying the windows when they tile
the input (stride == f, the usual case); its gradient is a plain assignment when the windows do not
overlap (stride >= f), np.add.at otherwise.

One module of about 430 lines on purpose: it is every layer conv_application trains with, each
forward beside its backward as the contract wants them; the threads, core pinning and scratch
buffers they run on are :mod:`assignments.nn.chunked`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from assignments.nn.chunked import in_threads, workspace

__all__ = [
    "affine_backward", "affine_forward", "conv_backward", "conv_forward", "flatten_backward",
    "flatten_forward", "max_pool_backward", "max_pool_forward", "relu_backward",
    "relu_forward", "same_padding",
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
#
# Three choices make the convolution fast while staying numpy (their measurements: issue 7 and
# benchmarks/conv_layer.py, model_epoch.py).
#
# 1. Channels first, images flattened. The padded input is kept as ``xf``, of shape
#    (n_C_prev, m * height * width + extra): for each channel, the padded images one after the
#    other, row by row (``height``, ``width``: the padded image's size), then ``extra`` zeros.
#    Filter offset (i, j) reads the pixel i rows down and j columns right of an output's
#    window corner, which in this flat layout is always ``offset = i * width + j`` numbers
#    further on. So the inputs seen by offset (i, j), for every position of the padded grid,
#    are one contiguous slice, ``xf[:, start + offset : start + offset + count]``, and since
#    the offset grows by ``width`` per i and by 1 per j, all f * f slices together are one
#    strided view of xf: im2col is a single copy, and col2im a single sum over a strided view,
#    both along whole slices (numpy pays a fixed cost per call and per run; in NHWC the runs
#    would be n_C_prev = 3 numbers long for an RGB image).
#
# 2. im2col on the padded grid. ``cols`` stacks those f * f slices, then a row of ones (the bias
#    trick): cols[(i * f + j) * n_C_prev + c, p] = xf[c, start + (i * width + j) + p]. Then the
#    convolution is one matrix product, (f*f*n_C_prev + 1, n_C).T @ cols; dW with db is cols @ dout;
#    and the input gradient is W @ dout.T, added back at the f * f offsets (col2im, gathered rather
#    than scattered: see _col2im). Each product covers every position of the padded grid, although
#    only the positions (y, x) with y <= height - f and x <= width - f start a window (and, for a
#    stride s, only every s-th of those is an output): the others compute numbers that are dropped
#    (forward) or get a zero output gradient (backward). That is about 10% more work for a 64 x 64
#    image and f = 4 (s * s times more for a stride s: the course's networks convolve with stride
#    1), and it is what keeps every slice contiguous.
#
# 3. Chunks of images. cols holds f * f copies of the input: for a SIGNS batch, 55 MB at once.
#    Built and used a few images at a time, in a buffer of about _CHUNK numbers (2 MB of
#    float32) that stays in the processor's cache, the whole layer takes about half the time
#    (measured: 2 images of 64 x 64 per chunk beat 1, 4, 8 and all 64). Forward keeps only xf
#    in its cache; backward rebuilds each chunk of cols, which is cheaper than storing all of
#    it. Three matrix products per chunk.
#
# 4. Threads: the chunks are independent, and a large layer shares them out between threads
#    (assignments.nn.chunked, which says how and why).

_CHUNK = 2**19


class _ConvPlan(NamedTuple):
    """What both passes of a convolution derive from its shapes (see 1. to 3. above)."""

    top: int  # padding above and left of each image
    left: int
    height: int  # padded image
    width: int
    n_h: int  # output
    n_w: int
    f: int  # filter size
    per_chunk: int  # images per chunk of cols

    @property
    def area(self) -> int:
        return self.height * self.width

    @property
    def lead(self) -> int:
        """The largest flat offset, (f - 1) * width + (f - 1): filter offset (f-1, f-1)."""
        return (self.f - 1) * (self.width + 1)


def _conv_plan(x_shape, f: int, n_c_prev: int, stride: int, padding) -> _ConvPlan:
    (top, bottom), (left, right) = _pads(x_shape, f, stride, padding)
    height, width = x_shape[1] + top + bottom, x_shape[2] + left + right
    per_chunk = max(1, _CHUNK // ((f * f * n_c_prev + 1) * height * width))
    n_h, n_w = (height - f) // stride + 1, (width - f) // stride + 1
    return _ConvPlan(top, left, height, width, n_h, n_w, f, per_chunk)


def _cols_buffer(n_c_prev: int, plan: _ConvPlan, dtype) -> np.ndarray:
    """The chunk buffer of cols: (f * f * n_C_prev + 1, per_chunk * area), its last row ones
    (a workspace: its other rows are overwritten by each use)."""
    cols = workspace(("cols",), (plan.f * plan.f * n_c_prev + 1, plan.per_chunk * plan.area), dtype)
    cols[-1] = 1
    return cols


def _im2col(cols: np.ndarray, xf: np.ndarray, start: int, count: int, f: int, width: int):
    """Fill ``cols[:, :count]`` from ``xf[:, start:]`` (see 2. above) and return that part.

    cols: (f * f * n_C_prev + 1, chunk) with ones in its last row; xf: (n_C_prev, length).
    One copy: the f * f slices are a single strided view of xf, (f, f, n_C_prev, count), whose
    step along i is ``width`` numbers and along j one number.
    """
    n_c_prev = xf.shape[0]
    step_c, step = xf.strides
    slices = as_strided(
        xf[:, start:],
        shape=(f, f, n_c_prev, count),
        strides=(width * step, step, step_c, step),
        writeable=False,
    )
    np.copyto(cols[:-1].reshape(f, f, n_c_prev, cols.shape[1])[..., :count], slices)
    return cols[:, :count]


def _col2im(dxf: np.ndarray, gathered: np.ndarray, lead: int, count: int, f: int, width: int):
    """Write into ``dxf`` (n_C_prev, count) the sum of the f * f slice gradients, each moved
    back to where forward read its slice (see 2. above).

    gathered: (f * f * n_C_prev, lead + chunk), the gradient of cols in its columns ``lead`` to
    ``lead + count`` and zeros in its first ``lead`` (the largest offset) columns. Offset (i, j)
    read xf[c, p + i * width + j] into cols[(i * f + j) * n_C_prev + c, p], so position q of dxf
    gets gathered[(i * f + j) * n_C_prev + c, lead + q - i * width - j] from every (i, j): one
    strided view of gathered, (f, f, n_C_prev, count), summed over (i, j) in one reduction (in
    the order i, j, as adding the slices one by one would). Positions before the chunk read the
    zeros; what the chunk's last positions would give to the next chunk is zero (no window
    starts there), so each chunk writes its own part of dxf and nothing else.
    """
    n_c_prev = dxf.shape[0]
    step_row, step = gathered.strides
    step_i = f * n_c_prev * step_row - width * step  # f rows of offsets down, width back
    step_j = n_c_prev * step_row - step
    shifted = as_strided(
        gathered[:, lead:],
        shape=(f, f, n_c_prev, count),
        strides=(step_i, step_j, step_row, step),
        writeable=False,
    )
    np.sum(shifted, axis=(0, 1), out=dxf)


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding=0):
    """Convolution.

    Arguments:
        x: (m, n_H_prev, n_W_prev, n_C_prev) inputs.
        w: (f, f, n_C_prev, n_C) filters; b: (n_C,) biases (any shape holding n_C values).
        stride: step between windows; padding: an int (zeros on every side), "valid" or
            "same" (TensorFlow's).

    Returns:
        ``(out, cache)``: out (m, n_H, n_W, n_C), of the dtype of x, w and b together (float32
        stays float32).
    """
    m, n_h_prev, n_w_prev, n_c_prev = x.shape
    f, n_c = w.shape[0], w.shape[3]
    dtype = np.result_type(x, w, b)
    plan = _conv_plan(x.shape, f, n_c_prev, stride, padding)
    top, left, height, width, n_h, n_w, _, per_chunk = plan
    area = plan.area
    # xf: (n_C_prev, m * area + extra), see 1.; the extra zeros let the last image's slices
    # run f rows past its end
    xf = np.zeros((n_c_prev, m * area + f * width), dtype)
    images = xf[:, : m * area].reshape(n_c_prev, m, height, width)
    images[:, :, top : top + n_h_prev, left : left + n_w_prev] = x.transpose(3, 0, 1, 2)
    # weights and bias as one (f * f * n_C_prev + 1, n_C) matrix, rows in cols' order
    wb = np.concatenate([w.reshape(-1, n_c), np.reshape(b, (1, n_c))]).astype(dtype)
    out = np.empty((m, n_h, n_w, n_c), dtype)

    def convolve(firsts) -> None:  # the chunks starting at these images
        cols = _cols_buffer(n_c_prev, plan, dtype)
        grid = workspace(("grid",), (n_c, per_chunk * area), dtype)  # on the padded grid
        for first in firsts:
            n = min(per_chunk, m - first)
            chunk = _im2col(cols, xf, first * area, n * area, f, width)
            part = np.matmul(wb.T, chunk, out=grid[:, : n * area])
            part = part.reshape(n_c, n, height, width)
            # keep the window corners (every stride-th), moved to NHWC
            corners = part[:, :, ::stride, ::stride][:, :, :n_h, :n_w]
            out[first : first + n] = corners.transpose(1, 2, 3, 0)

    in_threads(convolve, range(0, m, per_chunk))
    return out, (x.shape, w, stride, padding, xf)


def conv_backward(dout: np.ndarray, cache, input_grad: bool = True):
    """Gradients of :func:`conv_forward`: ``(dx, dw, db)``, of the shapes of x, w, (n_C,).

    dout: (m, n_H, n_W, n_C). With ``input_grad=False``, dx is not computed and is None: a
    network's first layer, whose input is the data, needs only dw and db (PyTorch skips it
    the same way for an input that does not require a gradient), and that saves about half of
    the backward pass.
    """
    x_shape, w, stride, padding, xf = cache
    m, n_h_prev, n_w_prev, n_c_prev = x_shape
    f, n_c = w.shape[0], w.shape[3]
    _, n_h, n_w, _ = dout.shape
    plan = _conv_plan(x_shape, f, n_c_prev, stride, padding)
    top, left, height, width, _, _, _, per_chunk = plan
    area = plan.area
    dtype = np.result_type(dout, xf)
    w2 = w.reshape(-1, n_c)
    lead = plan.lead
    n_chunks = -(-m // per_chunk)
    # each chunk's dW, then db (the row of ones): added up in chunk order below
    dwbs = np.empty((n_chunks, f * f * n_c_prev + 1, n_c), dtype)
    dx = np.empty(x_shape, dtype) if input_grad else None

    def backward(firsts) -> None:  # the chunks starting at these images
        cols = _cols_buffer(n_c_prev, plan, xf.dtype)
        # dout on the padded grid: zero where no output is (those positions are never written,
        # and which they are depends only on the key's stride and output size)
        dgrid = workspace(("dgrid", stride, n_h, n_w), (per_chunk, height, width, n_c), dtype, 0)
        if input_grad:
            # the gradient of a chunk of cols, after ``lead`` columns of zeros (see _col2im),
            # and the chunk's input gradient on the padded grid, channels first
            gathered = workspace(("gathered", lead), (len(w2), lead + per_chunk * area), dtype, 0)
            dxf = workspace(("dxf",), (n_c_prev, per_chunk * area), dtype)
        for first in firsts:
            n = min(per_chunk, m - first)
            count = n * area
            chunk = _im2col(cols, xf, first * area, count, f, width)
            dgrid[:n, ::stride, ::stride][:, :n_h, :n_w] = dout[first : first + n]
            d2 = dgrid[:n].reshape(count, n_c)
            np.dot(chunk, d2, out=dwbs[first // per_chunk])
            if input_grad:
                np.matmul(w2, d2.T, out=gathered[:, lead : lead + count])
                _col2im(dxf[:, :count], gathered, lead, count, f, width)
                # to NHWC without the padding, one channel at a time (whole rows)
                dimages = dxf[:, :count].reshape(n_c_prev, n, height, width)
                for c in range(n_c_prev):
                    dx[first : first + n, ..., c] = dimages[
                        c, :, top : top + n_h_prev, left : left + n_w_prev
                    ]

    in_threads(backward, range(0, m, per_chunk))
    dwb = np.zeros(dwbs.shape[1:], dtype)
    for chunk_dwb in dwbs:
        dwb += chunk_dwb
    return dx, dwb[:-1].reshape(w.shape), dwb[-1]


# --------------------------------------------------------------------------- pooling


def _window_max(a: np.ndarray, f: int, stride: int, n_h: int, n_w: int) -> np.ndarray:
    """Maximum of each f x f window of ``a`` (m, height, width, n_C): (m, n_H, n_W, n_C).

    The maximum of a window is the maximum over its f columns of the maxima over its f rows,
    so two short loops of np.maximum over strided views do it without copying the windows: the
    first loop (rows) runs along whole image rows, the second along its f times smaller result.
    """
    rows = a[:, 0 : (n_h - 1) * stride + 1 : stride].copy()  # (m, n_H, width, n_C)
    for i in range(1, f):
        np.maximum(rows, a[:, i : i + (n_h - 1) * stride + 1 : stride], out=rows)
    out = rows[:, :, 0 : (n_w - 1) * stride + 1 : stride].copy()  # (m, n_H, n_W, n_C)
    for j in range(1, f):
        np.maximum(out, rows[:, :, j : j + (n_w - 1) * stride + 1 : stride], out=out)
    return out


def max_pool_forward(x: np.ndarray, f: int, stride: int, padding="valid"):
    """Max pooling over f x f windows (padding "valid" or TensorFlow's "same", which pads
    with -inf so that padded positions are never the maximum).

    Returns ``(out, cache)``: out (m, n_H, n_W, n_C). The cache keeps the position of each
    window's first maximum (row by row, as np.argmax over the flattened window), for the
    backward pass.
    """
    pads = _pads(x.shape, f, stride, padding)
    xp = _pad(x, pads, value=-np.inf)
    n_h = (xp.shape[1] - f) // stride + 1
    n_w = (xp.shape[2] - f) // stride + 1
    out = _window_max(xp, f, stride, n_h, n_w)
    if stride == f and not np.isnan(out).any():
        arg = _first_maxima(xp, out, f)
    else:
        # overlapping windows, gaps between them, or NaN (np.argmax takes the first NaN):
        # np.argmax over a copy of the windows
        windows = _windows(xp, f, stride)  # (m, n_H, n_W, C, f, f)
        arg = windows.reshape(*windows.shape[:4], f * f).argmax(axis=-1)
    return out, (x.shape, xp.shape, pads, arg, f, stride)


def _tiles(a: np.ndarray, f: int, n_h: int, n_w: int) -> np.ndarray:
    """View of the rows of the n_H x n_W windows that tile ``a`` (stride == f):
    (m, n_H, f, n_W * f * n_C).

    ``view[:, h, i]`` is row i of the windows of output row h: their f pixels (of n_C
    numbers) one window after the other. Rows and columns past the last window ("valid"
    padding of a size that f does not divide) are left out. Long rows make numpy's loops
    fast, and splitting and merging these axes never copies.
    """
    m, n_c = a.shape[0], a.shape[3]
    return a[:, : n_h * f, : n_w * f].reshape(m, n_h, f, n_w * f * n_c)


def _first_maxima(xp: np.ndarray, out: np.ndarray, f: int) -> np.ndarray:
    """Position (i * f + j) of the first maximum of each window, row by row, as np.argmax
    over the flattened window picks it, when the windows tile xp (stride == f): an array of
    the shape of out (m, n_H, n_W, n_C).

    xp: the padded input; out: the windows' maxima (no NaN). Instead of copying the windows
    for np.argmax, the windows' rows are compared with their maxima (``hits``, through a view),
    each hit gets its position's rank, from f * f for the window's first position down to 1
    for its last (0: no hit), and the largest rank of a window (the same two-loop maximum as
    the forward pass, on bytes) is its first hit. Ties (e.g. the zeros of a ReLU) are thus
    resolved exactly like np.argmax does.
    """
    m, n_h, n_w, n_c = out.shape
    # each window's maximum along its rows: (m, n_H, 1, n_W * f * n_C), against all f rows
    spread = np.repeat(out, f, axis=2).reshape(m, n_h, 1, n_w * f * n_c)
    hits = _tiles(xp, f, n_h, n_w) == spread
    small = f * f < 256  # the ranks fit in a byte: written over hits
    rank = np.arange(f * f, 0, -1, dtype=np.uint8 if small else np.int64).reshape(f, 1, f, 1)
    # rank of each number of a window row, the same for every window: (f, n_W * f * n_C)
    rank = np.broadcast_to(rank, (f, n_w, f, n_c)).reshape(f, n_w * f * n_c)
    if small:
        ranked = hits.view(np.uint8)
        ranked *= rank
    else:
        ranked = hits * rank
    best = _window_max(ranked.reshape(m, n_h * f, n_w * f, n_c), f, f, n_h, n_w)
    return f * f - best.astype(np.intp)


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
    if stride >= f:
        # the windows do not overlap: every input is some window's maximum at most once, and
        # a plain assignment is exact (and much faster than np.add.at)
        dxp[batch, rows, cols, channel] = dout
    else:
        # overlapping windows can share their maximum: its gradients add up
        np.add.at(dxp, (batch, rows, cols, channel), dout)
    (top, bottom), (left, right) = pads
    return dxp[:, top : xp_shape[1] - bottom, left : xp_shape[2] - right, :]


# --------------------------------------------------------------------------- dense layers


def relu_forward(x: np.ndarray):
    """max(x, 0), any shape. Returns ``(out, cache)``."""
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dout where the input was positive, 0 elsewhere."""
    # the comparison writes 1.0 / 0.0 straight into the result, which is then scaled in place:
    # no temporary array of booleans, and one pass fewer than dout * (cache > 0)
    dx = np.greater(cache, 0, out=np.empty_like(dout))
    dx *= dout
    return dx


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
