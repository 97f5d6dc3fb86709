"""A student with some numpy experience who writes everything their own way: the shuffle is
np.take with the permutation array and the batches come from np.split at the multiples of the
batch size; the pooled sizes are ceilings computed with np.ceil and the Glorot fans come from
the receptive field (np.prod of the leading axes), Keras style; the forward pass is a table of
layers run in a loop; the cost is the log-sum-exp form (lse - score of the true class, averaged
with np.mean); and the training loop computes each epoch's seed as seed + epoch + 1, rebuilds
the parameter dictionary after every Adam step and averages the batch costs with np.dot
against the batch sizes. Every function is correct (same results up to floating-point
rounding), keeps float32 float32 and never modifies its inputs."""

BASE = "solution"


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    m = X.shape[0]
    mini_batches = []
    np.random.seed(seed)

    # Step 1: one permutation for both arrays
    order = np.random.permutation(m)
    shuffled_X = np.take(X, order, axis=0)
    shuffled_Y = np.take(Y, order, axis=0)

    # Step 2: cut at every multiple of the batch size; np.split keeps the smaller rest
    cuts = list(range(mini_batch_size, m, mini_batch_size))
    mini_batches = list(
        zip(np.split(shuffled_X, cuts, axis=0), np.split(shuffled_Y, cuts, axis=0), strict=True)
    )
    return mini_batches


def initialize_parameters(input_shape=(64, 64, 3), n_y=6, seed=1):
    n_H0, n_W0, n_C0 = input_shape
    np.random.seed(seed)

    # "same" pooling keeps ceil(n / stride) positions: 8x8/8, then 4x4/4
    n_H2 = int(np.ceil(np.ceil(n_H0 / 8) / 4))
    n_W2 = int(np.ceil(np.ceil(n_W0 / 8) / 4))

    shapes = {"W1": (4, 4, n_C0, 8), "W2": (2, 2, 8, 16), "W3": (n_H2 * n_W2 * 16, n_y)}
    parameters = {}
    for name, shape in shapes.items():
        receptive_field = int(np.prod(shape[:-2]))  # f * f for filters, 1 for a matrix
        fan_in = receptive_field * shape[-2]
        fan_out = receptive_field * shape[-1]
        limit = (6.0 / (fan_in + fan_out)) ** 0.5
        draws = np.random.uniform(low=-limit, high=limit, size=shape)
        parameters[name] = np.asarray(draws, dtype=np.float32)
        parameters["b" + name[1:]] = np.zeros(shape[-1], dtype=np.float32)

    return parameters


def forward_propagation(X, parameters):
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    caches = {}

    layers = [
        ("conv1", lambda a: conv_forward(a, W1, b1, 1, "same")),
        ("relu1", relu_forward),
        ("pool1", lambda a: max_pool_forward(a, f=8, stride=8, padding="same")),
        ("conv2", lambda a: conv_forward(a, W2, b2, 1, "same")),
        ("relu2", relu_forward),
        ("pool2", lambda a: max_pool_forward(a, f=4, stride=4, padding="same")),
        ("flatten", flatten_forward),
        ("fc", lambda a: affine_forward(a, W3, b3)),
    ]
    out = X
    for name, layer in layers:
        out, caches[name] = layer(out)
    Z3 = out

    return Z3, caches


def compute_cost(Z3, Y):
    m = Z3.shape[0]
    row_max = Z3.max(axis=1)
    log_sum_exp = row_max + np.log(np.exp(Z3 - row_max[:, None]).sum(axis=1))
    # -sum_k y_k log p_k = (sum_k y_k) * lse - sum_k y_k z_k
    per_example = log_sum_exp * Y.sum(axis=1) - (Y * Z3).sum(axis=1)
    cost = np.mean(per_example)
    probabilities = np.exp(Z3 - log_sum_exp[:, None])
    dZ3 = (probabilities - Y) / m
    return float(cost), dZ3


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
    configs = {name: {"learning_rate": learning_rate} for name in parameters}

    for epoch in range(num_epochs):
        epoch_cost = 0.0
        batch_costs, batch_sizes = [], []
        for X_batch, Y_batch in random_mini_batches(
            X_train, Y_train, minibatch_size, seed + epoch + 1
        ):
            scores, caches = forward_propagation(X_batch, parameters)
            batch_cost, dscores = compute_cost(scores, Y_batch)
            grads = backward_propagation(dscores, caches)
            updated = {}
            for name in sorted(parameters):
                updated[name], configs[name] = adam(
                    parameters[name], grads["d" + name], configs[name]
                )
            parameters = updated
            batch_costs.append(batch_cost)
            batch_sizes.append(X_batch.shape[0])
        epoch_cost = float(np.dot(batch_costs, batch_sizes) / m)

        if print_cost and epoch % 5 == 0:
            print(f"Cost after epoch {epoch}: {epoch_cost:f}")
        costs.append(epoch_cost)

    return parameters, costs
