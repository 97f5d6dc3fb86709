"""Breaks pool_forward only: the student thinks of the window as running from vert_start to
vert_end *inclusive* ("a window of f rows ends at row start + f - 1") and writes
vert_end = vert_start + f - 1 and horiz_end = horiz_start + f - 1, then slices with
start:end as usual. Every window is one row and one column short: max / average pooling over
(f - 1) x (f - 1) instead of f x f, with the right output shape. The values stay plausible
(often the same maximum), so only the numbers give it away."""

BASE = "solution"


def pool_forward(A_prev, hparameters, mode="max"):
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    f = hparameters["f"]
    stride = hparameters["stride"]

    n_H = int(1 + (n_H_prev - f) / stride)
    n_W = int(1 + (n_W_prev - f) / stride)
    n_C = n_C_prev
    A = np.zeros((m, n_H, n_W, n_C))

    for i in range(m):  # loop over the examples
        for h in range(n_H):  # loop over the rows of the output
            for w in range(n_W):  # loop over the columns of the output
                for c in range(n_C):  # loop over the channels
                    vert_start = h * stride
                    vert_end = vert_start + f - 1
                    horiz_start = w * stride
                    horiz_end = horiz_start + f - 1
                    a_prev_slice = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
                    if mode == "max":
                        A[i, h, w, c] = np.max(a_prev_slice)
                    elif mode == "average":
                        A[i, h, w, c] = np.mean(a_prev_slice)

    cache = (A_prev, hparameters)
    return A, cache
