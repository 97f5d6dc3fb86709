"""Breaks model only: the student (re)creates Adam's configs at the top of every epoch instead
of once before the loop, so the moving averages and Adam's step counter t restart at every
epoch (the bias correction starts over from t = 1). The first epoch is exactly right, the
later ones drift: the cost of epoch 0 matches and the others are close but wrong."""

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

    for epoch in range(num_epochs):
        epoch_cost = 0.0
        configs = {name: {"learning_rate": learning_rate} for name in parameters}
        seed = seed + 1
        minibatches = random_mini_batches(X_train, Y_train, minibatch_size, seed)
        for minibatch_X, minibatch_Y in minibatches:
            Z3, caches = forward_propagation(minibatch_X, parameters)
            cost, dZ3 = compute_cost(Z3, minibatch_Y)
            grads = backward_propagation(dZ3, caches)
            for name in parameters:
                parameters[name], configs[name] = adam(
                    parameters[name], grads["d" + name], configs[name]
                )
            epoch_cost += cost * minibatch_X.shape[0] / m

        if print_cost and epoch % 5 == 0:
            print(f"Cost after epoch {epoch}: {epoch_cost:f}")
        costs.append(epoch_cost)

    return parameters, costs
