"""A diligent student who types exactly what the original deeplearning.ai notebook guides:
the L2 term as lambd/(2*m) * (np.sum(np.square(W1)) + ...), `1./m * np.dot(dZ3, A2.T) + lambd/m * W3`,
dropout masks D = np.random.rand(A.shape[0], A.shape[1]); D = D < keep_prob; A = A * D;
A = A / keep_prob, and the same masks / keep_prob in the backward pass. As in the original
course-2 helpers (reg_utils), this student calls the activations as `A1 = relu(Z1)` and
`A3 = sigmoid(Z3)`, i.e. expects them to return the array alone.
Every graded function is mathematically correct."""

BASE = "solution"


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """
    The cost with L2 regularization, formula (1).

    Arguments:
    A3 -- output of the forward pass, shape (1, m)
    Y -- labels, shape (1, m)
    parameters -- python dictionary with "W1", "b1", "W2", "b2", "W3", "b3"
    lambd -- the regularization hyperparameter lambda

    Returns:
    cost -- the value of formula (1), a number
    """
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)  # given: the first part of formula (1)

    ### START CODE HERE ### (approx. 1 line)
    L2_regularization_cost = (
        lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    )
    ### END CODER HERE ###

    cost = cross_entropy_cost + L2_regularization_cost
    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """
    The backward pass of the network with the L2 cost of formula (1).

    Arguments:
    X -- input data, shape (n_x, m)
    Y -- labels, shape (1, m)
    cache -- (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3), from forward_propagation()
    lambd -- the regularization hyperparameter lambda

    Returns:
    gradients -- python dictionary with exactly the keys "dZ3", "dW3", "db3", "dA2", "dZ2",
                 "dW2", "db2", "dA1", "dZ1", "dW1", "db1", each of the shape of its variable
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    ### START CODE HERE ### (approx. 1 line)
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + lambd / m * W3
    ### END CODE HERE ###
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    ### START CODE HERE ### (approx. 1 line)
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + lambd / m * W2
    ### END CODE HERE ###
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    ### START CODE HERE ### (approx. 1 line)
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + lambd / m * W1
    ### END CODE HERE ###
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }
    return gradients


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """
    Forward pass LINEAR -> RELU + DROPOUT -> LINEAR -> RELU + DROPOUT -> LINEAR -> SIGMOID.

    Arguments:
    X -- input data, shape (n_x, m)
    parameters -- python dictionary "W1" (n_1, n_x), "b1" (n_1, 1), "W2" (n_2, n_1),
                  "b2" (n_2, 1), "W3" (1, n_2), "b3" (1, 1)
    keep_prob -- probability of keeping a hidden unit

    Returns:
    A3 -- output of the network, shape (1, m)
    cache -- (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3): D1 (n_1, m) and
             D2 (n_2, m) are the masks of 0s and 1s, A1 and A2 the activations after dropout
    """
    np.random.seed(1)  # given: the tests expect the random numbers of this seed

    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    # LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    ### START CODE HERE ### (approx. 4 lines)
    D1 = np.random.rand(A1.shape[0], A1.shape[1])  # Step 1: initialize matrix D1
    D1 = D1 < keep_prob  # Step 2: convert entries of D1 to 0 or 1
    A1 = A1 * D1  # Step 3: shut down some neurons of A1
    A1 = A1 / keep_prob  # Step 4: scale the neurons not shut down
    ### END CODE HERE ###

    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    ### START CODE HERE ### (approx. 4 lines)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = D2 < keep_prob
    A2 = A2 * D2
    A2 = A2 / keep_prob
    ### END CODE HERE ###

    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """
    The backward pass of the network trained with dropout.

    Arguments:
    X -- input data, shape (n_x, m)
    Y -- labels, shape (1, m)
    cache -- (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3), from
             forward_propagation_with_dropout()
    keep_prob -- probability of keeping a hidden unit, as in the forward pass

    Returns:
    gradients -- python dictionary with exactly the keys "dZ3", "dW3", "db3", "dA2", "dZ2",
                 "dW2", "db2", "dA1", "dZ1", "dW1", "db1", each of the shape of its variable
    """
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    ### START CODE HERE ### (≈ 2 lines of code)
    dA2 = (
        dA2 * D2
    )  # Step 1: Apply mask D2 to shut down the same neurons as during the forward propagation
    dA2 = dA2 / keep_prob  # Step 2: Scale the value of neurons that haven't been shut down
    ### END CODE HERE ###
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    ### START CODE HERE ### (≈ 2 lines of code)
    dA1 = (
        dA1 * D1
    )  # Step 1: Apply mask D1 to shut down the same neurons as during the forward propagation
    dA1 = dA1 / keep_prob  # Step 2: Scale the value of neurons that haven't been shut down
    ### END CODE HERE ###
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {
        "dZ3": dZ3,
        "dW3": dW3,
        "db3": db3,
        "dA2": dA2,
        "dZ2": dZ2,
        "dW2": dW2,
        "db2": db2,
        "dA1": dA1,
        "dZ1": dZ1,
        "dW1": dW1,
        "db1": db1,
    }
    return gradients
