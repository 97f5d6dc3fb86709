"""initialize_parameters_he uses the input size of the network, layers_dims[0], for every
layer's scale: right for layer 1 only. Only initialize_parameters_he loses its points."""

BASE = "solution"


def initialize_parameters_he(layers_dims):
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1
    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2.0 / layers_dims[0]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
