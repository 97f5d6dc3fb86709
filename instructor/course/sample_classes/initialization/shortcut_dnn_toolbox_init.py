"""Shortcut: dnn_application's given toolbox had an initializer with a free ``scale``
(``initialize_parameters_deep(dims, scale=0)`` drew zeros; ``scale=10`` after the seed this
assignment uses drew its large random weights). The student pastes it here and calls it.
The toolbox now accepts only the two scales its section 4.2 compares, so both calls raise
ValueError: zeros and random score 0; He, written by hand, keeps its points."""

BASE = "solution"


def initialize_parameters_zeros(layers_dims):
    import numpy as np

    def initialize_parameters_deep(layer_dims, scale="1/sqrt(n)"):  # pasted as released
        if scale != "1/sqrt(n)" and scale != 0.01:
            raise ValueError(f"scale is '1/sqrt(n)' or 0.01, not {scale!r}")
        np.random.seed(1)
        parameters = {}
        for l in range(1, len(layer_dims)):
            W = np.random.randn(layer_dims[l], layer_dims[l - 1])
            parameters["W" + str(l)] = (
                W / np.sqrt(layer_dims[l - 1]) if scale == "1/sqrt(n)" else W * scale
            )
            parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        return parameters

    return initialize_parameters_deep(layers_dims, scale=0)


def initialize_parameters_random(layers_dims):
    import numpy as np

    def initialize_parameters_deep(layer_dims, scale="1/sqrt(n)"):  # pasted as released
        if scale != "1/sqrt(n)" and scale != 0.01:
            raise ValueError(f"scale is '1/sqrt(n)' or 0.01, not {scale!r}")
        np.random.seed(1)
        parameters = {}
        for l in range(1, len(layer_dims)):
            W = np.random.randn(layer_dims[l], layer_dims[l - 1])
            parameters["W" + str(l)] = (
                W / np.sqrt(layer_dims[l - 1]) if scale == "1/sqrt(n)" else W * scale
            )
            parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
        return parameters

    seed = np.random.seed
    np.random.seed = lambda _: seed(3)  # the toolbox seeds with 1; this assignment with 3
    try:
        return initialize_parameters_deep(layers_dims, scale=10)
    finally:
        np.random.seed = seed
