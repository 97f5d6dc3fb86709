"""compute_cost takes np.exp of the raw scores, without subtracting each row's maximum: a score
of 800 overflows to inf and the cost is nan. Only compute_cost loses its points."""

BASE = "solution"


def compute_cost(Z3, Y):
    m = Z3.shape[0]
    exps = np.exp(Z3)
    probs = exps / np.sum(exps, axis=1, keepdims=True)
    cost = -np.sum(Y * np.log(probs)) / m
    dZ3 = (probs - Y) / m
    return float(cost), dZ3
