"""linear_forward forgets the bias: Z = W A. Only linear_forward loses its point (the
functions that call it are judged with the reference version)."""

BASE = "solution"


def linear_forward(A, W, b):
    import numpy as np

    Z = np.dot(W, A)
    cache = (A, W, b)
    return Z, cache
