"""A careful student who follows the original assignment's hints line by line: np.pad in
constant mode, np.sum(a_slice_prev * W) + b.item(), the four given loops over m, n_H, n_W and
n_C with vert_start = h * stride, mask = (x == np.max(x)), np.ones(shape) * dz / (n_H * n_W),
and the centre of da_prev_pad copied with pad:pad + n_H_prev as the notebook advises.
Every function is correct."""

BASE = "solution"


def zero_pad(X, pad):
    """
    Pad with zeros the height and width of every image of the batch X.

    Arguments:
    X -- numpy array of shape (m, n_H, n_W, n_C), a batch of m images
    pad -- integer, number of zero rows/columns added on each side of each image

    Returns:
    X_pad -- padded batch, numpy array of shape (m, n_H + 2*pad, n_W + 2*pad, n_C)
    """
    X_pad = np.pad(
        X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=(0, 0)
    )
    return X_pad


def conv_single_step(a_slice_prev, W, b):
    """
    Apply one filter (W, b) to one window of the previous layer's activation.

    Arguments:
    a_slice_prev -- window of the input, numpy array of shape (f, f, n_C_prev)
    W -- weights of one filter, numpy array of shape (f, f, n_C_prev)
    b -- bias of that filter, numpy array of shape (1, 1, 1)

    Returns:
    Z -- a scalar (np.float64): sum of a_slice_prev * W, plus b
    """
    # 1. Multiply the window and the filter element-wise (no bias yet).
    s = a_slice_prev * W
    # 2. Add up every entry of that product with np.sum.
    Z = np.sum(s)
    # 3. Add the bias as a number: b.item() (float(b) fails on NumPy 2).
    Z = Z + b.item()
    return Z


def conv_forward(A_prev, W, b, hparameters):
    """
    Forward pass of a convolution layer.

    Arguments:
    A_prev -- activations of the previous layer, numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    W -- filters, numpy array of shape (f, f, n_C_prev, n_C)
    b -- biases, numpy array of shape (1, 1, 1, n_C)
    hparameters -- python dictionary with the integers "stride" and "pad"

    Returns:
    Z -- convolution output, numpy array of shape (m, n_H, n_W, n_C)
    cache -- tuple (A_prev, W, b, hparameters), kept for conv_backward()
    """
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    n_H = int((n_H_prev - f + 2 * pad) / stride) + 1
    n_W = int((n_W_prev - f + 2 * pad) / stride) + 1
    Z = np.zeros((m, n_H, n_W, n_C))
    A_prev_pad = zero_pad(A_prev, pad)

    for i in range(m):  # loop over the examples of the batch
        # select the padded activation of example i
        a_prev_pad = A_prev_pad[i]
        for h in range(n_H):  # loop over the rows of the output
            for w in range(n_W):  # loop over the columns of the output
                for c in range(n_C):  # loop over the filters (channels of the output)
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_slice_prev = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    Z[i, h, w, c] = conv_single_step(a_slice_prev, W[:, :, :, c], b[:, :, :, c])

    assert Z.shape == (m, n_H, n_W, n_C)
    cache = (A_prev, W, b, hparameters)
    return Z, cache


def pool_forward(A_prev, hparameters, mode="max"):
    """
    Forward pass of a pooling layer.

    Arguments:
    A_prev -- input, numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    hparameters -- python dictionary with the integers "f" (window size) and "stride"
    mode -- "max" or "average"

    Returns:
    A -- output of the pooling layer, numpy array of shape (m, n_H, n_W, n_C)
    cache -- tuple (A_prev, hparameters), kept for pool_backward()
    """
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
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_prev_slice = A_prev[i, vert_start:vert_end, horiz_start:horiz_end, c]
                    if mode == "max":
                        A[i, h, w, c] = np.max(a_prev_slice)
                    elif mode == "average":
                        A[i, h, w, c] = np.mean(a_prev_slice)

    assert A.shape == (m, n_H, n_W, n_C)
    cache = (A_prev, hparameters)
    return A, cache


def conv_backward(dZ, cache):
    """
    Backward pass of a convolution layer.

    Arguments:
    dZ -- gradient of the cost with respect to the output Z, numpy array of shape (m, n_H, n_W, n_C)
    cache -- tuple (A_prev, W, b, hparameters), the cache returned by conv_forward()

    Returns:
    dA_prev -- gradient of the cost with respect to A_prev, numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    dW -- gradient of the cost with respect to W, numpy array of shape (f, f, n_C_prev, n_C)
    db -- gradient of the cost with respect to b, numpy array of shape (1, 1, 1, n_C)
    """
    (A_prev, W, b, hparameters) = cache
    (m, n_H_prev, n_W_prev, n_C_prev) = A_prev.shape
    (f, f, n_C_prev, n_C) = W.shape
    stride = hparameters["stride"]
    pad = hparameters["pad"]
    (m, n_H, n_W, n_C) = dZ.shape
    dA_prev = np.zeros((m, n_H_prev, n_W_prev, n_C_prev))
    dW = np.zeros((f, f, n_C_prev, n_C))
    db = np.zeros((1, 1, 1, n_C))
    A_prev_pad = zero_pad(A_prev, pad)
    dA_prev_pad = zero_pad(dA_prev, pad)

    for i in range(m):  # loop over the examples
        a_prev_pad = A_prev_pad[i]
        da_prev_pad = dA_prev_pad[i]
        for h in range(n_H):  # loop over the rows of the output
            for w in range(n_W):  # loop over the columns of the output
                for c in range(n_C):  # loop over the filters
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    a_slice = a_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :]
                    da_prev_pad[vert_start:vert_end, horiz_start:horiz_end, :] += (
                        W[:, :, :, c] * dZ[i, h, w, c]
                    )
                    dW[:, :, :, c] += a_slice * dZ[i, h, w, c]
                    db[:, :, :, c] += dZ[i, h, w, c]
        dA_prev[i, :, :, :] = da_prev_pad[pad : pad + n_H_prev, pad : pad + n_W_prev, :]

    assert dA_prev.shape == (m, n_H_prev, n_W_prev, n_C_prev)
    return dA_prev, dW, db


def create_mask_from_window(x):
    """
    Mark the position of the maximum of a window.

    Arguments:
    x -- numpy array of shape (f, f) (any 2-D shape works)

    Returns:
    mask -- boolean numpy array of the shape of x, True where x equals its maximum
    """
    mask = x == np.max(x)
    return mask


def distribute_value(dz, shape):
    """
    Spread the scalar dz evenly over an array of the given shape.

    Arguments:
    dz -- scalar, the gradient to distribute
    shape -- tuple (n_H, n_W), the shape of the output

    Returns:
    a -- numpy array of shape (n_H, n_W) whose entries are all dz / (n_H * n_W)
    """
    (n_H, n_W) = shape
    average = dz / (n_H * n_W)
    a = np.ones(shape) * average
    return a


def pool_backward(dA, cache, mode="max"):
    """
    Backward pass of a pooling layer.

    Arguments:
    dA -- gradient of the cost with respect to the output of the pooling layer,
          numpy array of shape (m, n_H, n_W, n_C)
    cache -- tuple (A_prev, hparameters), the cache returned by pool_forward()
    mode -- "max" or "average"

    Returns:
    dA_prev -- gradient of the cost with respect to the input A_prev,
               numpy array of shape (m, n_H_prev, n_W_prev, n_C_prev)
    """
    (A_prev, hparameters) = cache
    stride = hparameters["stride"]
    f = hparameters["f"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    m, n_H, n_W, n_C = dA.shape
    dA_prev = np.zeros(A_prev.shape)

    for i in range(m):  # loop over the examples
        a_prev = A_prev[i]
        for h in range(n_H):  # loop over the rows of the output
            for w in range(n_W):  # loop over the columns of the output
                for c in range(n_C):  # loop over the channels
                    vert_start = h * stride
                    vert_end = vert_start + f
                    horiz_start = w * stride
                    horiz_end = horiz_start + f
                    if mode == "max":
                        a_prev_slice = a_prev[vert_start:vert_end, horiz_start:horiz_end, c]
                        mask = create_mask_from_window(a_prev_slice)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += np.multiply(
                            mask, dA[i, h, w, c]
                        )
                    elif mode == "average":
                        da = dA[i, h, w, c]
                        shape = (f, f)
                        dA_prev[i, vert_start:vert_end, horiz_start:horiz_end, c] += (
                            distribute_value(da, shape)
                        )

    assert dA_prev.shape == A_prev.shape
    return dA_prev
