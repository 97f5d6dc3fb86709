"""initialize_parameters_zeros loops over range(1, L - 1) and forgets the output layer:
the visible network [3, 2, 1] lacks W2 and b2. Only initialize_parameters_zeros loses its
point."""

BASE = "solution"


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L - 1):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
