"""Breaks initialize_parameters_zeros only. The student writes the bias as
np.zeros(layers_dims[l]): a 1-D vector of shape (n_l,) instead of the column (n_l, 1). The
values are all 0.0 floats as required and the weights are right; only the bias shape is wrong
(which later broadcasts (n_l,) + (n_l, m) along the wrong axis). Loses
initialize_parameters_zeros only."""

BASE = "solution"


def initialize_parameters_zeros(layers_dims):
    parameters = {}
    L = len(layers_dims)  # number of layers, input layer included

    for l in range(1, L):
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros(layers_dims[l])
    return parameters
