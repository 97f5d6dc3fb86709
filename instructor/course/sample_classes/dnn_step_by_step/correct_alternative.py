"""A student who already knows numpy well and writes everything "their own way".

Style: the @ operator, np.matmul, np.einsum and np.tensordot instead of np.dot; np.mean
instead of sum / m; np.random.normal(scale=...) instead of randn * scale (same generator
stream, same numbers); dictionaries built with comprehensions; a dispatch table instead of
if/elif for the activations; log1p and np.vdot for the cost; dAL written as
(AL - Y) / (AL * (1 - AL)), which is algebraically the textbook formula.
Every graded function is correct (equal to the textbook results up to rounding), keeps the
signatures and cache formats, and never modifies its inputs.
"""

BASE = "solution"


def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)  # given: the tests expect the random numbers of this seed

    # normal(0, 0.01) draws exactly the standard normals randn draws, scaled by 0.01;
    # the dict literal evaluates W1, then W2 (left to right)
    shapes = {"1": (n_h, n_x), "2": (n_y, n_h)}
    parameters = {}
    for layer, (rows, cols) in shapes.items():
        parameters["W" + layer] = np.random.normal(loc=0.0, scale=0.01, size=(rows, cols))
        parameters["b" + layer] = np.full((rows, 1), 0.0)
    return parameters


def initialize_parameters_deep(layer_dims):
    np.random.seed(3)  # given: the tests expect the random numbers of this seed

    def layer(n_out, n_in):
        # one standard-normal draw per layer, in layer order
        return np.random.standard_normal((n_out, n_in)) * 0.01, np.zeros((n_out, 1), dtype=float)

    parameters = {
        key: value
        for l, (n_in, n_out) in enumerate(
            zip(layer_dims[:-1], layer_dims[1:], strict=True), start=1
        )
        for key, value in zip((f"W{l}", f"b{l}"), layer(n_out, n_in), strict=True)
    }
    return parameters


def linear_forward(A, W, b):
    Z = W @ A + b
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    activations = {"sigmoid": sigmoid, "relu": relu}
    if activation not in activations:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = activations[activation](Z)
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    L = len(parameters) // 2  # number of layers: each has a W and a b
    caches = []
    A = X
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], "sigmoid" if l == L else "relu"
        )
        caches.append(cache)
    AL = A
    return AL, caches


def compute_cost(AL, Y):
    m = Y.shape[1]
    # log(1 - AL) as log1p(-AL); the sums over the examples as inner products
    cost = -(np.vdot(Y, np.log(AL)) + np.vdot(1 - Y, np.log1p(-AL))) / m
    cost = np.float64(np.squeeze(cost))  # given: [[0.28]] becomes the number 0.28
    return cost


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = np.einsum("ik,jk->ij", dZ, A_prev) / A_prev.shape[1]
    db = np.mean(dZ, axis=1, keepdims=True)
    dA_prev = np.tensordot(W, dZ, axes=([0], [0]))
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    (A_prev, W, b), Z = cache
    backward = {"relu": relu_backward, "sigmoid": sigmoid_backward}.get(activation)
    if backward is None:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")
    dZ = backward(dA, Z)
    return linear_backward(dZ, (A_prev, W, b))


def L_model_backward(AL, Y, caches):
    L = len(caches)  # number of layers
    Y = Y.reshape(AL.shape)  # Y now has the shape of AL

    # -(Y/AL - (1-Y)/(1-AL)) brought to one fraction
    dA = np.divide(AL - Y, AL * (1 - AL))
    grads = {}
    for layer in range(L, 0, -1):
        dA, dW, db = linear_activation_backward(
            dA, caches[layer - 1], "sigmoid" if layer == L else "relu"
        )
        grads.update({f"dA{layer - 1}": dA, f"dW{layer}": dW, f"db{layer}": db})
    return grads


def update_parameters(params, grads, learning_rate):
    # a new dictionary of new arrays: params is left untouched
    parameters = {
        name: np.subtract(value, np.multiply(learning_rate, grads["d" + name]))
        for name, value in params.items()
    }
    return parameters
