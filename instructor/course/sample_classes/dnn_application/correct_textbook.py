"""A diligent student who copies the structure of the original deeplearning.ai notebook.

Style: the textbook training loops -- linear_activation_forward twice, compute_cost,
dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2)), linear_activation_backward twice,
grads filled key by key, update_parameters, then W1, b1, W2, b2 read back out of parameters;
for the L-layer model the four calls L_model_forward / compute_cost / L_model_backward /
update_parameters. Both graded functions are correct.
"""

BASE = "solution"


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    grads = {}
    costs = []
    (n_x, n_h, n_y) = layers_dims

    # initialize the parameters with initialize_parameters
    parameters = initialize_parameters(n_x, n_h, n_y)

    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    for i in range(num_iterations):
        # Forward propagation: LINEAR -> RELU -> LINEAR -> SIGMOID
        A1, cache1 = linear_activation_forward(X, W1, b1, activation="relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, activation="sigmoid")

        # Compute cost
        cost = compute_cost(A2, Y)

        # Initializing backward propagation
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))

        # Backward propagation
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, activation="sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, activation="relu")

        grads["dW1"] = dW1
        grads["db1"] = db1
        grads["dW2"] = dW2
        grads["db2"] = db2

        # Update parameters
        parameters = update_parameters(parameters, grads, learning_rate)

        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs


def L_layer_model(
    X,
    Y,
    layers_dims,
    learning_rate=0.0075,
    num_iterations=3000,
    print_cost=False,
    init_scale="1/sqrt(n)",
):
    np.random.seed(1)
    costs = []

    # initialize the parameters with initialize_parameters_deep(layers_dims, scale=init_scale)
    parameters = initialize_parameters_deep(layers_dims, scale=init_scale)

    for i in range(num_iterations):
        # Forward propagation: [LINEAR -> RELU]*(L-1) -> LINEAR -> SIGMOID
        AL, caches = L_model_forward(X, parameters)

        # Compute cost
        cost = compute_cost(AL, Y)

        # Backward propagation
        grads = L_model_backward(AL, Y, caches)

        # Update parameters
        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs
