"""A careful student who follows the instructions step by step, the way the original
assignment is written: list(np.random.permutation(m)) indexing the first axis, the full
mini-batches cut with k * mini_batch_size, then the leftover; same_padding for the pooled
sizes and fan_in / fan_out with if/else on the shape; the eight layers called one after the
other; the shifted log-softmax with np.sum; and the training loop with seed = seed + 1 and the
given adam for every parameter, the cost weighted by the batch size. Every function is
correct."""

BASE = "solution"


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """
    Shuffles (X, Y) and cuts them into mini-batches.

    Arguments:
    X -- input pictures, numpy array of shape (m, n_H, n_W, n_C)
    Y -- one-hot labels, numpy array of shape (m, n_y)
    mini_batch_size -- integer, the number of examples in a mini-batch
    seed -- integer, the seed of the shuffle

    Returns:
    mini_batches -- python list of (mini_batch_X, mini_batch_Y) tuples
    """
    m = X.shape[0]
    mini_batches = []
    np.random.seed(seed)

    # Step 1: shuffle (X, Y) with one permutation of the examples
    permutation = list(np.random.permutation(m))
    shuffled_X = X[permutation, :, :, :]
    shuffled_Y = Y[permutation, :]

    # Step 2: partition into full mini-batches, then the last, smaller one if any
    num_complete_minibatches = m // mini_batch_size
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[k * mini_batch_size : (k + 1) * mini_batch_size, :, :, :]
        mini_batch_Y = shuffled_Y[k * mini_batch_size : (k + 1) * mini_batch_size, :]
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[num_complete_minibatches * mini_batch_size : m, :, :, :]
        mini_batch_Y = shuffled_Y[num_complete_minibatches * mini_batch_size : m, :]
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    return mini_batches


def initialize_parameters(input_shape=(64, 64, 3), n_y=6, seed=1):
    """
    Glorot-uniform weights and zero biases for the model, in float32.
    """
    n_H0, n_W0, n_C0 = input_shape
    np.random.seed(seed)

    # n_H2 and n_W2: the height and width after the pooling 8x8/8 then 4x4/4, "same"
    n_H1 = same_padding(n_H0, 8, 8)[0]
    n_W1 = same_padding(n_W0, 8, 8)[0]
    n_H2 = same_padding(n_H1, 4, 4)[0]
    n_W2 = same_padding(n_W1, 4, 4)[0]

    shapes = {"W1": (4, 4, n_C0, 8), "W2": (2, 2, 8, 16), "W3": (n_H2 * n_W2 * 16, n_y)}
    parameters = {}
    for name, shape in shapes.items():
        if len(shape) == 4:
            f = shape[0]
            fan_in = f * f * shape[2]
            fan_out = f * f * shape[3]
        else:
            fan_in = shape[0]
            fan_out = shape[1]
        limit = np.sqrt(6 / (fan_in + fan_out))
        parameters[name] = np.random.uniform(-limit, limit, size=shape).astype(np.float32)
        parameters["b" + name[1]] = np.zeros((shape[-1],)).astype(np.float32)

    return parameters


def forward_propagation(X, parameters):
    """
    CONV -> RELU -> MAXPOOL -> CONV -> RELU -> MAXPOOL -> FLATTEN -> FULLY CONNECTED.
    """
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    caches = {}

    # Z1, A1, P1, Z2, A2, P2, F, Z3, storing each cache in caches under its name
    Z1, caches["conv1"] = conv_forward(X, W1, b1, stride=1, padding="same")
    A1, caches["relu1"] = relu_forward(Z1)
    P1, caches["pool1"] = max_pool_forward(A1, 8, 8, padding="same")
    Z2, caches["conv2"] = conv_forward(P1, W2, b2, stride=1, padding="same")
    A2, caches["relu2"] = relu_forward(Z2)
    P2, caches["pool2"] = max_pool_forward(A2, 4, 4, padding="same")
    F, caches["flatten"] = flatten_forward(P2)
    Z3, caches["fc"] = affine_forward(F, W3, b3)

    return Z3, caches


def compute_cost(Z3, Y):
    """
    Softmax cross-entropy cost and its gradient.
    """
    m = Z3.shape[0]
    shifted = Z3 - np.max(Z3, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    cost = -np.sum(Y * log_probs) / m
    dZ3 = (np.exp(log_probs) - Y) / m
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
    """
    Trains the ConvNet with Adam on mini-batches.
    """
    m = X_train.shape[0]
    costs = []
    parameters = initialize_parameters(X_train.shape[1:], Y_train.shape[1])
    configs = {name: {"learning_rate": learning_rate} for name in parameters}

    for epoch in range(num_epochs):
        epoch_cost = 0.0
        seed = seed + 1
        minibatches = random_mini_batches(X_train, Y_train, minibatch_size, seed)
        for minibatch in minibatches:
            (minibatch_X, minibatch_Y) = minibatch
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
