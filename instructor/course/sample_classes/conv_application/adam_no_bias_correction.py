"""model writes its own Adam step and forgets the bias correction of both moving averages
(the first steps are then far too small, then too large). Only model loses its points."""

BASE = "solution"


def model(
    X_train,
    Y_train,
    learning_rate=0.009,
    num_epochs=100,
    minibatch_size=64,
    print_cost=True,
    seed=3,
):
    m = X_train.shape[0]
    costs = []
    parameters = initialize_parameters(X_train.shape[1:], Y_train.shape[1])
    v = {name: np.zeros_like(value) for name, value in parameters.items()}
    s = {name: np.zeros_like(value) for name, value in parameters.items()}
    for epoch in range(num_epochs):
        epoch_cost = 0.0
        seed = seed + 1
        for minibatch_X, minibatch_Y in random_mini_batches(X_train, Y_train, minibatch_size, seed):
            Z3, caches = forward_propagation(minibatch_X, parameters)
            cost, dZ3 = compute_cost(Z3, minibatch_Y)
            grads = backward_propagation(dZ3, caches)
            for name in parameters:
                g = grads["d" + name]
                v[name] = 0.9 * v[name] + 0.1 * g
                s[name] = 0.999 * s[name] + 0.001 * g**2
                parameters[name] = parameters[name] - learning_rate * v[name] / (
                    np.sqrt(s[name]) + 1e-8
                )
            epoch_cost += cost * minibatch_X.shape[0] / m
        if print_cost and epoch % 5 == 0:
            print(f"Cost after epoch {epoch}: {epoch_cost:f}")
        costs.append(epoch_cost)
    return parameters, costs
