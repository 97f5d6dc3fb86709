"""Shortcut: the course-2 network's initializer (``assignments.nn.initializers``, given with
regularization) draws the same numbers as He initialization after ``np.random.seed(3)``, but
divided by sqrt(n_prev) where He multiplies by sqrt(2 / n_prev): times sqrt(2), it is this
assignment's ``initialize_parameters_he``. It reaches students only with regularization, so
while this assignment is graded it is not there: He initialization raises ModuleNotFoundError
and scores 0; zeros and random keep their points."""

BASE = "solution"


def initialize_parameters_he(layers_dims):
    import numpy as np

    from assignments.nn.initializers import initialize_parameters

    parameters = initialize_parameters(layers_dims, seed=3)
    return {k: v * np.sqrt(2) if k.startswith("W") else v for k, v in parameters.items()}
