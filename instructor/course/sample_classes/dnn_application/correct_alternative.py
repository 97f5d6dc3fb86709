"""A student who likes compact code and rewrites the training loops in their own words.

Style: the layer sizes taken with unpacking, the forward pass written as one tuple
assignment, dA2 brought to one fraction (A2 - Y) / (A2 * (1 - A2)) (algebraically the
textbook -(Y/A2 - (1-Y)/(1-A2)), valid for any Y), grads built as a fresh dict literal every
iteration, the four weights re-read with one generator unpacking; the L-layer loop nests the
calls (update_parameters(parameters, L_model_backward(...), ...)) and takes the layer sizes
as a list. Both graded functions are correct and call the given building blocks, so the
costs are recorded exactly as compute_cost returns them.
"""

BASE = "solution"


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    costs = []
    n_x, n_h, n_y = layers_dims

    parameters = initialize_parameters(n_x, n_h, n_y)
    W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))

    for i in range(num_iterations):
        (A1, cache1) = linear_activation_forward(X, W1, b1, "relu")
        (A2, cache2) = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)

        dA2 = np.divide(A2 - Y, A2 * (1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        grads = dict(dW1=dW1, db1=db1, dW2=dW2, db2=db2)

        parameters = update_parameters(parameters, grads, learning_rate)
        W1, b1, W2, b2 = (parameters[key] for key in ("W1", "b1", "W2", "b2"))

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

    parameters = initialize_parameters_deep(list(layers_dims), scale=init_scale)

    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        parameters = update_parameters(
            parameters, L_model_backward(AL, Y, caches), learning_rate=learning_rate
        )

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs
