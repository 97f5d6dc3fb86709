"""linear_activation_backward copies the relu branch into the sigmoid branch and keeps
relu_backward: the sigmoid's derivative is wrong. L_model_backward, which calls it, is judged with
the reference version and keeps its points."""

BASE = "solution"


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":  # noqa: SIM114 (the copied branch is the bug)
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
