"""initialize_parameters draws W1 with the shape (n_x, n_h) and W2 with (n_h, n_y): rows and
columns swapped. Only initialize_parameters loses its point."""

BASE = "solution"


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    W1 = np.random.randn(n_x, n_h) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_h, n_y) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
