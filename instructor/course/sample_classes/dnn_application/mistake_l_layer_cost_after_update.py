"""L_layer_model records the cost of the parameters AFTER the update of the iteration (it runs
a second forward pass on the updated parameters to "see the progress"), so costs[k] is the
cost at iteration 100 k + 1 instead of 100 k. The parameters it returns are right; every
recorded cost is off by the decrease of one gradient step (a few 1e-4 at learning rate
0.0075). Only L_layer_model is broken; two_layer_model is the solution's."""

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
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)

        # cost of the new parameters
        AL_new, _ = L_model_forward(X, parameters)
        cost = compute_cost(AL_new, Y)

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs
