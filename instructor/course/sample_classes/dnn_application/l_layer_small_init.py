"""L_layer_model starts from the scale 0.01 of the previous assignment instead of init_scale:
the 4-layer network would not learn, and every value differs. Only L_layer_model loses its
points."""

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
    parameters = initialize_parameters_deep(layers_dims, scale=0.01)
    for i in range(num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs
