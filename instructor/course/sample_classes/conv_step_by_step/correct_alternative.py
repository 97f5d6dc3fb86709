"""A student who already knows numpy well and vectorizes whatever the instructions allow: the
padding is a zeros array with the batch copied into its centre; one convolution step is
np.vdot; conv_forward and pool_forward build every window at once with
np.lib.stride_tricks.sliding_window_view and reduce them with np.tensordot / np.max / np.mean;
conv_backward and pool_backward loop channels outermost and handle the whole batch in one
operation per window position; the mask compares with the entry np.argmax points at (so ties
are all marked, as the docstring asks) and distribute_value uses np.full. Every function is
correct (same results as the loops, up to floating-point rounding); no input is modified."""

BASE = "solution"


def zero_pad(X, pad):
    (m, n_H, n_W, n_C) = X.shape
    X_pad = np.zeros((m, n_H + 2 * pad, n_W + 2 * pad, n_C), dtype=X.dtype)
    X_pad[:, pad : pad + n_H, pad : pad + n_W, :] = X
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    # np.vdot flattens both blocks and returns their dot product as a numpy scalar
    Z = np.vdot(a_slice_prev, W) + np.squeeze(b)
    return Z


def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1

    A_prev_pad = np.pad(
        A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0
    )
    # every f x f window of every example: (m, rows, cols, n_C_prev, f, f), a view (no copy)
    windows = np.lib.stride_tricks.sliding_window_view(A_prev_pad, (f, f), axis=(1, 2))
    windows = windows[:, ::stride, ::stride][:, :n_H, :n_W]
    # contract (n_C_prev, f_row, f_col) of the windows with (f_row, f_col, n_C_prev) of W
    Z = np.zeros((m, n_H, n_W, n_C))
    Z[...] = np.tensordot(windows, W, axes=([3, 4, 5], [2, 0, 1])) + b.reshape(1, 1, 1, n_C)

    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]
    n_H = (n_H_prev - f) // stride + 1
    n_W = (n_W_prev - f) // stride + 1

    windows = np.lib.stride_tricks.sliding_window_view(A_prev, (f, f), axis=(1, 2))
    windows = windows[:, ::stride, ::stride][:, :n_H, :n_W]  # (m, n_H, n_W, n_C, f, f)
    A = np.zeros((m, n_H, n_W, n_C))
    if mode == "max":
        A[...] = windows.max(axis=(4, 5))
    elif mode == "average":
        A[...] = windows.mean(axis=(4, 5))

    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    A_prev, W, b, hparameters = cache
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = W.shape[0]
    stride, pad = hparameters["stride"], hparameters["pad"]
    _, n_H, n_W, n_C = dZ.shape

    A_prev_pad = np.pad(
        A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0
    )
    dA_prev_pad = np.zeros(A_prev_pad.shape)
    dW = np.zeros(W.shape)
    db = np.zeros((1, 1, 1, n_C))

    for c in range(n_C):  # filters outermost
        W_c = W[:, :, :, c]
        for h in range(n_H):
            top = h * stride
            for w in range(n_W):
                left = w * stride
                g = dZ[:, h, w, c]  # the whole batch at once, shape (m,)
                window = A_prev_pad[:, top : top + f, left : left + f, :]
                dA_prev_pad[:, top : top + f, left : left + f, :] += np.einsum(
                    "i,jkl->ijkl", g, W_c
                )
                dW[:, :, :, c] += np.tensordot(g, window, axes=(0, 0))
        db[0, 0, 0, c] = np.sum(dZ[:, :, :, c])

    dA_prev = dA_prev_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :].copy()
    return dA_prev, dW, db


def create_mask_from_window(x):
    x = np.asarray(x)
    largest = x.flat[np.argmax(x)]
    mask = np.equal(x, largest)
    return mask


def distribute_value(dz, shape):
    n_H, n_W = shape
    a = np.full((n_H, n_W), dz / (n_H * n_W), dtype=np.float64)
    return a


def pool_backward(dA, cache, mode="max"):
    A_prev, hparameters = cache
    f, stride = hparameters["f"], hparameters["stride"]
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)

    for c in range(n_C):  # channels outermost, the batch at once
        for h in range(n_H):
            rows = slice(h * stride, h * stride + f)
            for w in range(n_W):
                cols = slice(w * stride, w * stride + f)
                g = dA[:, h, w, c][:, None, None]
                if mode == "max":
                    window = A_prev[:, rows, cols, c]
                    mask = window == window.max(axis=(1, 2), keepdims=True)
                    dA_prev[:, rows, cols, c] += mask * g
                elif mode == "average":
                    dA_prev[:, rows, cols, c] += g / (f * f)

    return dA_prev
