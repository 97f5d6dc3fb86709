"""forward_propagation adds where the 1-D model multiplies: J = theta + x. Only
forward_propagation loses its point (the gradient checks are judged with the reference
forward pass)."""

BASE = "solution"


def forward_propagation(x, theta):
    J = theta + x
    return J
