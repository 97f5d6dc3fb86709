"""L_layer_model initializes the parameters inside the loop, so every iteration starts again
from the initial weights: the model forgets each update. Only L_layer_model loses its points."""

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
    for i in range(num_iterations):
        parameters = initialize_parameters_deep(layers_dims, scale=init_scale)
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and (i % 100 == 0 or i == num_iterations - 1):
            print(f"Cost after iteration {i}: {float(np.squeeze(cost))}")
        if i % 100 == 0:
            costs.append(cost)

    return parameters, costs
