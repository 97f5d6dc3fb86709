"""compute_cost_with_regularization leaves out the 1/m of the L2 penalty (lambd / 2 times the
sum of the squared weights). Only compute_cost_with_regularization loses its point."""

BASE = "solution"


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)  # given: the first part of formula (1)

    L2_regularization_cost = (
        lambd / 2 * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    )

    cost = cross_entropy_cost + L2_regularization_cost
    return cost
