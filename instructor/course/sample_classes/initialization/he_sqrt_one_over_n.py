"""initialize_parameters_he scales by sqrt(1 / n_prev) (Xavier's scale) instead of
sqrt(2 / n_prev). Only initialize_parameters_he loses its points."""

BASE = "solution"


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            1.0 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
