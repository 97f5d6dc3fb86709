"""A student wraps a broken pool_backward in try/except and returns zeros of the right
shape whenever it fails: the right shape earns nothing."""

BASE = "solution"


def pool_backward(dA, cache, mode="max"):
    A_prev, hparameters = cache
    try:
        raise NotImplementedError()
    except Exception:
        return np.zeros(A_prev.shape)
