"""A student who prefers numpy ufuncs and vectorized bookkeeping to the notebook's step-by-step
style: J = np.multiply(x, theta); the derivative returned as x * 1 (its own value, not an alias
of the input); the two shifted parameters evaluated from one array theta + [+eps, -eps]
(each value still passed through forward_propagation), the central difference as
0.5 * (J_plus - J_minus) / epsilon, and Euclidean norms written out as np.sqrt(np.sum(v ** 2)).
In gradient_check_n the shifted vectors are parameters_values + epsilon * e_i with a unit
vector e_i (no copy to mutate), the costs collected in lists and stacked, and the norms again
written out. Nothing is modified in place. Every graded function is correct (same values as
the textbook up to floating-point rounding)."""

BASE = "solution"


def forward_propagation(x, theta):
    """J(theta) = theta * x, element-wise for arrays."""
    J = np.multiply(x, theta)
    return J


def backward_propagation(x, theta):
    """dJ/dtheta of J = theta * x, which is x."""
    dtheta = x * 1
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """Relative difference between backward_propagation and the central difference."""

    def euclid(v):
        return np.sqrt(np.sum(np.square(v)))

    shifted = theta + np.array([epsilon, -epsilon])
    J_plus, J_minus = (forward_propagation(x, t) for t in shifted)
    gradapprox = 0.5 * (J_plus - J_minus) / epsilon

    grad = backward_propagation(x, theta)
    difference = euclid(grad - gradapprox) / (euclid(grad) + euclid(gradapprox))

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """Central-difference check of every parameter of the 3-layer network, formula (2)."""

    def euclid(v):
        return np.sqrt(np.sum(v**2))

    def cost_at(theta):
        cost, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta, layout))
        return cost

    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]

    plus_costs, minus_costs = [], []
    for i in range(num_parameters):
        unit = np.zeros_like(parameters_values)
        unit[i, 0] = 1.0
        plus_costs.append(cost_at(parameters_values + epsilon * unit))
        minus_costs.append(cost_at(parameters_values - epsilon * unit))
    J_plus = np.array(plus_costs, dtype=float).reshape(-1, 1)
    J_minus = np.array(minus_costs, dtype=float).reshape(-1, 1)
    gradapprox = 0.5 * (J_plus - J_minus) / epsilon

    difference = euclid(grad - gradapprox) / (euclid(grad) + euclid(gradapprox))

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
