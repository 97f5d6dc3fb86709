"""A diligent student who follows the original deeplearning.ai instructions line by line:
`parameters['W' + str(l)] = np.random.randn(layers_dims[l], layers_dims[l-1]) * ...` with the
string keys of the course, np.zeros for everything else, exactly the textbook formulas
(`* 10` for the large random start, `* np.sqrt(2./layers_dims[l-1])` for He).
Every graded function is correct: full marks expected."""

BASE = "solution"


def initialize_parameters_zeros(layers_dims):
    """
    All the weights and biases of the network at zero.

    Arguments:
    layers_dims -- python list [n0, n1, ..., nL] of the layer sizes, input first

    Returns:
    parameters -- python dictionary "W1", "b1", ..., "WL", "bL":
                  Wl -- zeros of shape (layers_dims[l], layers_dims[l - 1])
                  bl -- zeros of shape (layers_dims[l], 1)
    """
    parameters = {}
    L = len(layers_dims)  # number of layers, input layer included

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters["W" + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
    return parameters


def initialize_parameters_random(layers_dims):
    """
    Large random weights (standard normal times 10) and zero biases.

    Arguments:
    layers_dims -- python list [n0, n1, ..., nL] of the layer sizes, input first

    Returns:
    parameters -- python dictionary "W1", "b1", ..., "WL", "bL":
                  Wl -- np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
                  bl -- zeros of shape (layers_dims[l], 1)
    """
    np.random.seed(3)  # given: the tests expect the random numbers of this seed
    parameters = {}
    L = len(layers_dims)  # number of layers, input layer included

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
    return parameters


def initialize_parameters_he(layers_dims):
    """
    He initialization: random weights scaled by sqrt(2 / n_prev), zero biases.

    Arguments:
    layers_dims -- python list [n0, n1, ..., nL] of the layer sizes, input first

    Returns:
    parameters -- python dictionary "W1", "b1", ..., "WL", "bL":
                  Wl -- np.random.randn(layers_dims[l], layers_dims[l - 1]) * sqrt(2 / layers_dims[l - 1])
                  bl -- zeros of shape (layers_dims[l], 1)
    """
    np.random.seed(3)  # given: the tests expect the random numbers of this seed
    parameters = {}
    L = len(layers_dims) - 1  # number of layers with parameters

    for l in range(1, L + 1):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(
            2.0 / layers_dims[l - 1]
        )
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
        ### END CODE HERE ###
    return parameters
