"""initialize_parameters_he draws the biases at random too (randn right after each W), which
also shifts the random numbers of the next layers. Only initialize_parameters_he loses its
points."""

BASE = "solution"


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2.0 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.random.randn(layers_dims[l], 1) * 0.01
    return parameters
