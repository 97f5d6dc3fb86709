"""Breaks backward_propagation_with_regularization only. The student copies the factor of the
cost, lambd / (2 * m), into the gradients: dWl = 1./m * np.dot(dZl, A_prev.T)
+ lambd / (2 * m) * Wl, forgetting that the derivative of W**2 brings down a 2 (formula (2)
gives lambd / m * Wl). The cross-entropy part of every dW and all the other gradients (db, dA,
dZ) are right; only the weight-decay term of dW1, dW2, dW3 is half its size. Loses
backward_propagation_with_regularization only."""

BASE = "solution"


def backward_propagation_with_regularization(X, Y, cache, lambd):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / (2 * m) * W3
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / (2 * m) * W2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / (2 * m) * W1
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {
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
    return gradients
