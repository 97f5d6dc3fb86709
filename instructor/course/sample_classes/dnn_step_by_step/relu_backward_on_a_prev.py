"""linear_activation_backward gives relu_backward the layer's input A_prev (from the linear
cache) instead of Z (the activation cache). The shapes do not even match, so it raises;
L_model_backward, which calls it, is judged with the reference version and keeps its points."""

BASE = "solution"


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, linear_cache[0])
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
