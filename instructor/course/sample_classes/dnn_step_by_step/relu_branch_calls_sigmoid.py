"""linear_activation_forward copies the sigmoid branch into the relu branch and keeps sigmoid.
L_model_forward, which calls it, is judged with the reference version and keeps its points."""

BASE = "solution"


def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":  # noqa: SIM114 (the copied branch is the bug)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    cache = (linear_cache, activation_cache)
    return A, cache
