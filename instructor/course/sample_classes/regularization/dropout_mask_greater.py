"""forward_propagation_with_dropout keeps a unit where rand > keep_prob: it keeps units with
probability 1 - keep_prob. Only forward_propagation_with_dropout loses its points."""

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
    A1, _ = relu(Z1)
    # steps 1 to 4 for A1: D1, then the mask, then A1 * D1, then / keep_prob
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = (D1 > keep_prob).astype(int)
    A1 = A1 * D1
    A1 = A1 / keep_prob

    Z2 = np.dot(W2, A1) + b2
    A2, _ = relu(Z2)
    # steps 1 to 4 for A2, with D2
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = (D2 > keep_prob).astype(int)
    A2 = A2 * D2
    A2 = A2 / keep_prob

    Z3 = np.dot(W3, A2) + b3
    A3, _ = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache
