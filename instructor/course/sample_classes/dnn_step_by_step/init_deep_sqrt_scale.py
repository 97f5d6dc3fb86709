"""initialize_parameters_deep scales the weights by 1/sqrt(n_prev), as the next assignment does,
instead of the 0.01 this one asks for. Only initialize_parameters_deep loses its point."""

BASE = "solution"


def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(
            layer_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
