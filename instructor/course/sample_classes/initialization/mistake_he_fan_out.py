"""Breaks initialize_parameters_he only. The student reads "sqrt(2 / n)" and scales layer l by
its own number of units, layers_dims[l] (the fan-out), instead of its number of inputs,
layers_dims[l - 1]: np.sqrt(2. / layers_dims[l]). Same draws, same shapes, zero biases; only
the scale of every layer whose width differs from its input width is wrong (for [2, 4, 1]:
W1 is sqrt(2) times too small, W2 2 times too large). Loses initialize_parameters_he only."""

BASE = "solution"


def initialize_parameters_he(layers_dims):
    np.random.seed(3)  # given: the tests expect the random numbers of this seed
    parameters = {}
    L = len(layers_dims) - 1  # number of layers with parameters

    for l in range(1, L + 1):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2.0 / layers_dims[l]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters
