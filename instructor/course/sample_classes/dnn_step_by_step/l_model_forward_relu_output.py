"""L_model_forward applies ReLU to the output layer too: AL is no longer a probability.
Only L_model_forward loses its points."""

BASE = "solution"


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A_prev = A
        A, cache = linear_activation_forward(
            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], activation="relu"
        )
        caches.append(cache)
    AL = A
    return AL, caches
