"""initialize_parameters uses limit = sqrt(6 / fan_in) (He uniform) instead of Glorot's
sqrt(6 / (fan_in + fan_out)). Only initialize_parameters loses its points."""

BASE = "solution"


def initialize_parameters(input_shape=(64, 64, 3), n_y=6, seed=1):
    n_H0, n_W0, n_C0 = input_shape
    np.random.seed(seed)
    n_H2 = same_padding(same_padding(n_H0, 8, 8)[0], 4, 4)[0]
    n_W2 = same_padding(same_padding(n_W0, 8, 8)[0], 4, 4)[0]
    shapes = {"W1": (4, 4, n_C0, 8), "W2": (2, 2, 8, 16), "W3": (n_H2 * n_W2 * 16, n_y)}
    parameters = {}
    for name, shape in shapes.items():
        fan_in = int(np.prod(shape[:-1]))
        limit = np.sqrt(6.0 / fan_in)
        parameters[name] = np.random.uniform(-limit, limit, size=shape).astype(np.float32)
        parameters["b" + name[1]] = np.zeros(shape[-1], dtype=np.float32)
    return parameters
