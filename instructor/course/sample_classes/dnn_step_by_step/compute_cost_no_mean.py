"""compute_cost sums the losses of the examples but forgets to divide by m.
Only compute_cost loses its point (the hidden tests build their own cost)."""

BASE = "solution"


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    cost = np.float64(np.squeeze(cost))
    return cost
