"""Breaks compute_cost only: the cost is taken with np.mean over the whole (m, n_y) array of
Y * log_probs, so it is averaged over the classes too (divided by m * n_y instead of m): 1/6
of the right cost in the model, 1/4 on the test's 4 classes. The softmax is shifted correctly
and dZ3 = (softmax - Y) / m is right, so training runs exactly as it should and only the
reported cost is wrong."""

BASE = "solution"


def compute_cost(Z3, Y):
    m = Z3.shape[0]
    shifted = Z3 - np.max(Z3, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    cost = -np.mean(Y * log_probs)
    dZ3 = (np.exp(log_probs) - Y) / m
    return float(cost), dZ3
