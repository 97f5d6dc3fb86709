"""Shortcut: the student package's fast layers (``assignments.nn.layers``) compute a
convolution and max pooling; a thin wrapper would turn them into this assignment's graded
functions. The layers reach students only with conv_application (the course's release
schedule), so while this assignment is graded the module is not there: every wrapped
function raises ModuleNotFoundError and scores 0; the functions written by hand keep theirs."""

BASE = "solution"


def conv_forward(A_prev, W, b, hparameters):
    from assignments.nn import layers

    Z, _ = layers.conv_forward(A_prev, W, b.ravel(), hparameters["stride"], hparameters["pad"])
    return Z, (A_prev, W, b, hparameters)


def pool_forward(A_prev, hparameters, mode="max"):
    import numpy as np

    from assignments.nn import layers

    f, stride, n_c = hparameters["f"], hparameters["stride"], A_prev.shape[-1]
    if mode == "max":
        return layers.max_pool_forward(A_prev, f, stride)[0], (A_prev, hparameters)
    W = np.zeros((f, f, n_c, n_c))
    W[:, :, range(n_c), range(n_c)] = 1 / f**2  # each channel averaged on its own
    return layers.conv_forward(A_prev, W, np.zeros(n_c), stride)[0], (A_prev, hparameters)


def conv_backward(dZ, cache):
    from assignments.nn import layers

    A_prev, W, b, hparameters = cache
    _, fast = layers.conv_forward(A_prev, W, b.ravel(), hparameters["stride"], hparameters["pad"])
    dA_prev, dW, db = layers.conv_backward(dZ, fast)
    return dA_prev, dW, db.reshape(b.shape)


def pool_backward(dA, cache, mode="max"):
    import numpy as np

    from assignments.nn import layers

    A_prev, hparameters = cache
    f, stride, n_c = hparameters["f"], hparameters["stride"], A_prev.shape[-1]
    if mode == "max":
        return layers.max_pool_backward(dA, layers.max_pool_forward(A_prev, f, stride)[1])
    W = np.zeros((f, f, n_c, n_c))
    W[:, :, range(n_c), range(n_c)] = 1 / f**2
    return layers.conv_backward(dA, layers.conv_forward(A_prev, W, np.zeros(n_c), stride)[1])[0]
