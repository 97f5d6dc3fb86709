"""Breaks forward_propagation_with_dropout only. The student draws the dropout masks with
np.random.randn (standard normal) instead of np.random.rand (uniform on [0, 1)):
D1 = np.random.randn(A1.shape[0], A1.shape[1]) < keep_prob. Same seed, same shapes, same order
(D1 then D2), same number of draws, the rest (mask, product, division by keep_prob, cache) is
right; but a unit is now kept with probability Phi(keep_prob) (about 0.76 for keep_prob 0.7,
0.73 for 0.6) instead of keep_prob, so the masks, A1, A2 and A3 differ from the published
ones. (ReLU and sigmoid are written out so that the file does not depend on whether the
helpers return the array alone or an (A, cache) pair.) Loses forward_propagation_with_dropout
only."""

BASE = "solution"


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    np.random.seed(1)  # given: the tests expect the random numbers of this seed

    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = np.maximum(0, Z1)  # ReLU
    D1 = np.random.randn(A1.shape[0], A1.shape[1])
    D1 = (D1 < keep_prob).astype(int)
    A1 = A1 * D1
    A1 = A1 / keep_prob

    Z2 = np.dot(W2, A1) + b2
    A2 = np.maximum(0, Z2)  # ReLU
    D2 = np.random.randn(A2.shape[0], A2.shape[1])
    D2 = (D2 < keep_prob).astype(int)
    A2 = A2 * D2
    A2 = A2 / keep_prob

    Z3 = np.dot(W3, A2) + b3
    with np.errstate(over="ignore"):
        A3 = 1 / (1 + np.exp(-Z3))  # sigmoid

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
