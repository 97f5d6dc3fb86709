"""Shortcut: the student package's course-2 helpers answer three of this assignment's graded
functions with a one-line wrapper: ``three_layer.compute_cost`` and ``update_parameters``
are this notebook's, and ``layers.affine_forward`` is ``linear_forward`` transposed. Both
modules reach students only with later assignments (initialization, conv_application), so
while this assignment is graded they are not there: the three functions raise
ModuleNotFoundError and score 0; the rest keep their points."""

BASE = "solution"


def linear_forward(A, W, b):
    from assignments.nn import layers

    Z = layers.affine_forward(A.T, W.T, b.ravel())[0].T
    return Z, (A, W, b)


def compute_cost(AL, Y):
    from assignments.nn import three_layer

    return three_layer.compute_cost(AL, Y)


def update_parameters(params, grads, learning_rate):
    from assignments.nn import three_layer

    return three_layer.update_parameters(params, grads, learning_rate)
