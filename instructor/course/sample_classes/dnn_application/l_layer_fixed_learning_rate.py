"""L_layer_model passes the default 0.0075 to update_parameters instead of its learning_rate
argument: right at 0.0075, wrong at any other rate. Only L_layer_model loses its points."""

BASE = "solution"


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
    parameters = initialize_parameters_deep(layers_dims, scale=init_scale)
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, 0.0075)

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs
