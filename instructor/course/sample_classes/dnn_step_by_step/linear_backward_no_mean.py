"""linear_backward forgets the 1/m in dW (db is right). linear_activation_backward and
L_model_backward call it, and are judged with the reference version: only linear_backward
loses its points."""

BASE = "solution"


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
