"""A diligent student who follows the original deeplearning.ai notebook line by line.

Style: the textbook code of the original assignment -- np.dot everywhere, the cross-entropy
cost written with two dot products and np.squeeze, 1./m * np.dot(dZ, A_prev.T),
np.sum(dZ, axis=1, keepdims=True) / m, dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)),
and the for-loops of the original (reversed(range(L - 1)) in the backward pass).
Every graded function is correct.
"""

BASE = "solution"


def initialize_parameters(n_x, n_h, n_y):
    """
    Parameters of a 2-layer network LINEAR -> RELU -> LINEAR -> SIGMOID.
    """
    np.random.seed(1)  # given: the tests expect the random numbers of this seed

    # W1, b1, then W2, b2: np.random.randn(rows, columns) * 0.01 and np.zeros((rows, 1))
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))

    assert W1.shape == (n_h, n_x)
    assert b1.shape == (n_h, 1)
    assert W2.shape == (n_y, n_h)
    assert b2.shape == (n_y, 1)

    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def initialize_parameters_deep(layer_dims):
    """
    Parameters of an L-layer network.
    """
    np.random.seed(3)  # given: the tests expect the random numbers of this seed
    parameters = {}
    L = len(layer_dims)  # number of layers, input layer included

    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))

        assert parameters["W" + str(l)].shape == (layer_dims[l], layer_dims[l - 1])
        assert parameters["b" + str(l)].shape == (layer_dims[l], 1)

    return parameters


def linear_forward(A, W, b):
    """
    Linear step of one layer: Z = W A + b.
    """
    Z = np.dot(W, A) + b

    assert Z.shape == (W.shape[0], A.shape[1])
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """
    One layer of the forward pass: LINEAR -> ACTIVATION.
    """
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")

    assert A.shape == (W.shape[0], A_prev.shape[1])
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """
    Forward pass of the network [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.
    """
    caches = []
    A = X
    L = len(parameters) // 2  # number of layers: each has a W and a b

    # layers 1 to L-1: LINEAR -> RELU; append every cache to caches
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(
            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], activation="relu"
        )
        caches.append(cache)

    # layer L: LINEAR -> SIGMOID; append its cache too
    AL, cache = linear_activation_forward(
        A, parameters["W" + str(L)], parameters["b" + str(L)], activation="sigmoid"
    )
    caches.append(cache)

    assert AL.shape == (1, X.shape[1])
    return AL, caches


def compute_cost(AL, Y):
    """
    Cross-entropy cost, formula (4).
    """
    m = Y.shape[1]

    cost = (-1 / m) * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))

    cost = np.float64(np.squeeze(cost))  # given: [[0.28]] becomes the number 0.28
    return cost


def linear_backward(dZ, cache):
    """
    Backward pass of the linear step of one layer (layer l).
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]

    dW = 1.0 / m * np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)

    assert dA_prev.shape == A_prev.shape
    assert dW.shape == W.shape
    assert db.shape == b.shape
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """
    Backward pass of one layer: LINEAR -> ACTIVATION, in reverse.
    """
    linear_cache, activation_cache = cache

    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu', not {activation!r}")

    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """
    Backward pass of the network [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID.
    """
    grads = {}
    L = len(caches)  # number of layers
    Y = Y.reshape(AL.shape)  # Y now has the shape of AL

    # formula (9): the gradient of the cost with respect to AL
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))

    # layer L (SIGMOID -> LINEAR)
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = (
        linear_activation_backward(dAL, current_cache, activation="sigmoid")
    )

    # layers L-1 down to 1 (RELU -> LINEAR): layer l + 1 has the cache caches[l]
    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, activation="relu"
        )
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp

    return grads


def update_parameters(params, grads, learning_rate):
    """
    One step of gradient descent, formulas (11) and (12).
    """
    parameters = copy.deepcopy(params)  # given: the caller's dictionary is not modified
    L = len(parameters) // 2  # number of layers

    for l in range(L):
        parameters["W" + str(l + 1)] = (
            parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        )
        parameters["b" + str(l + 1)] = (
            parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
        )

    return parameters
