"""initialize_parameters_zeros builds integer arrays (np.zeros(shape, dtype=int)): gradient
descent would then truncate every update. Only initialize_parameters_zeros loses its point."""

BASE = "solution"


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]), dtype=int)
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1), dtype=int)
    return parameters
