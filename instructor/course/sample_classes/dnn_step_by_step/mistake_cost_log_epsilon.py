"""compute_cost adds a "safety" epsilon of 1e-8 inside both logarithms, a habit picked up from
other frameworks to avoid log(0). It changes the cost by about 1e-8 (for AL = [[0.8, 0.9, 0.4]],
Y = [[1, 1, 0]]: 0.2797765501534163 instead of 0.2797765635793422). Only compute_cost is broken;
every other function is the solution's."""

BASE = "solution"


def compute_cost(AL, Y):
    m = Y.shape[1]

    eps = 1e-8  # avoid log(0)
    cost = -1 / m * np.sum(Y * np.log(AL + eps) + (1 - Y) * np.log(1 - AL + eps))

    cost = np.float64(np.squeeze(cost))  # given: [[0.28]] becomes the number 0.28
    return cost
