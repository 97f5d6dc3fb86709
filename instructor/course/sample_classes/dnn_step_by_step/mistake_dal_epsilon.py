"""L_model_backward guards the divisions of formula (9) with an epsilon of 1e-8 in both
denominators ("to avoid dividing by zero"):
dAL = -(Y / (AL + 1e-8) - (1 - Y) / (1 - AL + 1e-8)).
Every gradient is then off by a relative error of about 1e-8 (in the visible test
dA1[0, 1] = -0.44014125999... instead of -0.44014127). Only L_model_backward is broken;
every other function is the solution's."""

BASE = "solution"


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)  # number of layers
    Y = Y.reshape(AL.shape)  # Y now has the shape of AL

    eps = 1e-8  # avoid division by zero
    dAL = -(np.divide(Y, AL + eps) - np.divide(1 - Y, 1 - AL + eps))

    current_cache = caches[L - 1]
    dA_prev, dW, db = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev
    grads["dW" + str(L)] = dW
    grads["db" + str(L)] = db

    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev, dW, db = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, "relu"
        )
        grads["dA" + str(l)] = dA_prev
        grads["dW" + str(l + 1)] = dW
        grads["db" + str(l + 1)] = db

    return grads
