"""Breaks gradient_check_n only. The denominator of formula (2) is written as the norm of the
sum, np.linalg.norm(grad + gradapprox), instead of the sum of the norms,
np.linalg.norm(grad) + np.linalg.norm(gradapprox). The central differences (copy, +/- epsilon,
forward_propagation_n, / (2 * epsilon)) and the numerator are right. When grad and gradapprox
point the same way the two denominators agree (always in the one-parameter case), so correct
backward passes still give a difference of the same tiny size; with the given buggy backward
pass (dW2 doubled, db1 quadrupled) the vectors are not parallel and the difference is
0.2929220134 instead of 0.2850931568. Loses gradient_check_n only."""

BASE = "solution"


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    for i in range(num_parameters):
        thetaplus = np.copy(parameters_values)
        thetaplus[i][0] = thetaplus[i][0] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus, layout))

        thetaminus = np.copy(parameters_values)
        thetaminus[i][0] = thetaminus[i][0] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaminus, layout))

        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad + gradapprox)
    difference = numerator / denominator

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
