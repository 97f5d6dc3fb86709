"""conv_backward returns constant arrays whose means are the published ones: it passes every
visible check and must fail the hidden ones."""

BASE = "solution"


def conv_backward(dZ, cache):
    (A_prev, W, b, hparameters) = cache
    dA_prev = np.full(A_prev.shape, 1.4524377775388075)
    dW = np.full(W.shape, 1.7269914583139097)
    db = np.full(b.shape, 7.839232564616838)
    return dA_prev, dW, db
