"""gradient_check_n shifts the parameters by 1e-7 whatever epsilon it is given: right for the
visible test, wrong for any other epsilon. Only gradient_check_n loses its points."""

BASE = "solution"


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    for i in range(num_parameters):
        # J_plus[i], J_minus[i], then gradapprox[i]
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + 1e-7
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layout))

        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - 1e-7
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layout))

        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * 1e-7)

    # formula (2)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
