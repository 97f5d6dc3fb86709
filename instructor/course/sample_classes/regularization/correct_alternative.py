"""A student who writes compact, vectorized numpy in their own style rather than the notebook's:
the L2 penalty as sum(np.vdot(W, W)) over the weight matrices (the squared Frobenius norms),
divided by 2m after multiplying by lambd; gradients as (dZ @ A_prev.T + lambd * W) / m with `@`
and `.sum(...) / m`; ReLU derivatives as np.where masks; ReLU forward as np.maximum and the
sigmoid written out (no helper call, so either helper contract is fine); dropout masks drawn
with np.random.rand(*A.shape) (same draws, same order: D1 then D2) turned into 0/1 integer
masks with np.where, and applied with np.where. Inputs are never modified. Every graded
function is mathematically correct (same values as the textbook formulas up to floating-point
rounding)."""

BASE = "solution"


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Cross-entropy cost plus lambd / (2m) times the sum of the squared weights (not biases)."""
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)  # given: the first part of formula (1)

    squared_weights = sum(float(np.vdot(W, W)) for W in (W1, W2, W3))
    L2_regularization_cost = lambd * squared_weights / (2 * m)

    cost = cross_entropy_cost + L2_regularization_cost
    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Backward pass of the 3-layer network with the L2 term lambd / m * W in every dW."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = (dZ3 @ A2.T + lambd * W3) / m
    db3 = dZ3.sum(axis=1, keepdims=True) / m

    dA2 = W3.T @ dZ3
    dZ2 = np.where(A2 > 0, dA2, 0.0)
    dW2 = (dZ2 @ A1.T + lambd * W2) / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m

    dA1 = W2.T @ dZ2
    dZ1 = np.where(A1 > 0, dA1, 0.0)
    dW1 = (dZ1 @ X.T + lambd * W1) / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m

    return {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """Forward pass with inverted dropout on both hidden layers; masks D1, D2 are 0/1 ints."""
    np.random.seed(1)  # given: the tests expect the random numbers of this seed

    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]

    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0)
    D1 = np.where(np.random.rand(*A1.shape) < keep_prob, 1, 0)
    A1 = np.where(D1 == 1, A1 / keep_prob, 0.0)

    Z2 = W2 @ A1 + b2
    A2 = np.maximum(Z2, 0)
    D2 = np.where(np.random.rand(*A2.shape) < keep_prob, 1, 0)
    A2 = np.where(D2 == 1, A2 / keep_prob, 0.0)

    Z3 = W3 @ A2 + b3
    with np.errstate(over="ignore"):  # exp(-Z3) may overflow to inf: A3 is then exactly 0
        A3 = 1 / (1 + np.exp(-Z3))

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Backward pass with the forward masks, dividing the surviving gradients by keep_prob."""
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = dZ3 @ A2.T / m
    db3 = dZ3.sum(axis=1, keepdims=True) / m

    dA2 = np.where(D2 != 0, W3.T @ dZ3 / keep_prob, 0.0)
    dZ2 = np.where(A2 > 0, dA2, 0.0)
    dW2 = dZ2 @ A1.T / m
    db2 = dZ2.sum(axis=1, keepdims=True) / m

    dA1 = np.where(D1 != 0, W2.T @ dZ2 / keep_prob, 0.0)
    dZ1 = np.where(A1 > 0, dA1, 0.0)
    dW1 = dZ1 @ X.T / m
    db1 = dZ1.sum(axis=1, keepdims=True) / m

    return {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }
