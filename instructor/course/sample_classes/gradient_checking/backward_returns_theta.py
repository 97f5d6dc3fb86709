"""backward_propagation differentiates with respect to the wrong variable: dJ/dtheta of
J = theta * x is x, and it returns theta. Only backward_propagation loses its point."""

BASE = "solution"


def backward_propagation(x, theta):
    dtheta = theta
    return dtheta
