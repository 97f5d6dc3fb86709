"""model records the plain mean of the mini-batch costs, so the small last batch counts as much
as a full one. Only model loses its points."""

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
    costs = []
    parameters = initialize_parameters(X_train.shape[1:], Y_train.shape[1])
    configs = {name: {"learning_rate": learning_rate} for name in parameters}
    for epoch in range(num_epochs):
        seed = seed + 1
        minibatches = random_mini_batches(X_train, Y_train, minibatch_size, seed)
        batch_costs = []
        for minibatch_X, minibatch_Y in minibatches:
            Z3, caches = forward_propagation(minibatch_X, parameters)
            cost, dZ3 = compute_cost(Z3, minibatch_Y)
            grads = backward_propagation(dZ3, caches)
            for name in parameters:
                parameters[name], configs[name] = adam(
                    parameters[name], grads["d" + name], configs[name]
                )
            batch_costs.append(cost)
        epoch_cost = float(np.mean(batch_costs))
        if print_cost and epoch % 5 == 0:
            print(f"Cost after epoch {epoch}: {epoch_cost:f}")
        costs.append(epoch_cost)
    return parameters, costs
