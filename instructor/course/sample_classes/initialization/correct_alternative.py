"""A student with a numerical-computing background who dislikes index arithmetic: walks over
consecutive pairs (n_prev, n) of layers_dims with zip/enumerate, builds the keys with f-strings,
fills arrays with np.full, draws the large weights as np.random.normal(0, 10, size) (same
standard-normal draws as randn * 10) and writes He's scale as a division by sqrt(n_prev / 2).
Random numbers are drawn in the instructed order (W1, W2, ..., biases draw nothing) after the
given seed. Every graded function is correct: full marks expected."""

BASE = "solution"


def initialize_parameters_zeros(layers_dims):
    """All weights and biases at zero, for any list of layer sizes (input first)."""
    parameters = {}
    sizes = list(layers_dims)
    for l, (n_prev, n) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        parameters[f"W{l}"] = np.full((n, n_prev), 0.0)
        parameters[f"b{l}"] = np.full((n, 1), 0.0)
    return parameters


def initialize_parameters_random(layers_dims):
    """Weights ~ N(0, 10^2) drawn layer after layer with seed 3, zero biases."""
    np.random.seed(3)  # given: the tests expect the random numbers of this seed
    sizes = list(layers_dims)
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    parameters = {}
    for l, (n_prev, n) in enumerate(pairs, start=1):
        parameters[f"W{l}"] = np.random.normal(loc=0.0, scale=10.0, size=(n, n_prev))
        parameters[f"b{l}"] = np.full((n, 1), 0.0)
    return parameters


def initialize_parameters_he(layers_dims):
    """He initialization: N(0, 1) weights divided by sqrt(n_prev / 2), zero biases."""
    np.random.seed(3)  # given: the tests expect the random numbers of this seed
    sizes = list(layers_dims)
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(sizes[:-1], sizes[1:], strict=True), start=1):
        parameters[f"W{l}"] = np.random.standard_normal((n, n_prev)) / np.sqrt(n_prev / 2)
        parameters[f"b{l}"] = np.full((n, 1), 0.0)
    return parameters
