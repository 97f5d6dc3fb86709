"""A diligent student who follows the original deeplearning.ai gradient-checking notebook line by
line: J = theta * x, dtheta = x; thetaplus = theta + epsilon, thetaminus = theta - epsilon,
gradapprox = (J_plus - J_minus) / (2 * epsilon), numerator = np.linalg.norm(grad - gradapprox),
denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox); in gradient_check_n the loop
with thetaplus = np.copy(parameters_values), thetaplus[i][0] = thetaplus[i][0] + epsilon and
J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(thetaplus, layout)).
Every graded function is correct: full marks expected."""

BASE = "solution"


def forward_propagation(x, theta):
    """
    The "forward pass" of J(theta) = theta * x.

    Arguments:
    x -- a real number (or an array of them)
    theta -- the parameter, a real number

    Returns:
    J -- theta times x
    """
    ### START CODE HERE ### (approx. 1 line)
    J = theta * x
    ### END CODE HERE ###
    return J


def backward_propagation(x, theta):
    """
    The derivative of J(theta) = theta * x with respect to theta.

    Arguments:
    x -- a real number (or an array of them)
    theta -- the parameter, a real number

    Returns:
    dtheta -- the derivative of J with respect to theta
    """
    ### START CODE HERE ### (approx. 1 line)
    dtheta = x
    ### END CODE HERE ###
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    """
    Checks backward_propagation against formula (1) for J(theta) = theta * x.

    Arguments:
    x -- a real number
    theta -- the parameter, a real number
    epsilon -- the small shift of theta in formula (1)
    print_msg -- if True, prints whether the backward pass looks right

    Returns:
    difference -- the relative difference of formula (2), a number
    """
    # Compute gradapprox using left side of formula (1). epsilon is small enough, you don't need to worry about the limit.
    ### START CODE HERE ### (approx. 5 lines)
    thetaplus = theta + epsilon  # Step 1
    thetaminus = theta - epsilon  # Step 2
    J_plus = forward_propagation(x, thetaplus)  # Step 3
    J_minus = forward_propagation(x, thetaminus)  # Step 4
    gradapprox = (J_plus - J_minus) / (2 * epsilon)  # Step 5
    ### END CODE HERE ###

    # Check if gradapprox is close enough to the output of backward_propagation()
    ### START CODE HERE ### (approx. 1 line)
    grad = backward_propagation(x, theta)
    ### END CODE HERE ###

    ### START CODE HERE ### (approx. 3 lines)
    numerator = np.linalg.norm(grad - gradapprox)  # Step 1'
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)  # Step 2'
    difference = numerator / denominator  # Step 3'
    ### END CODE HERE ###

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    """
    Checks the gradients of a backward pass against formula (1), parameter by parameter.

    Arguments:
    parameters -- python dictionary "W1", "b1", "W2", "b2", "W3", "b3" (not modified)
    gradients -- python dictionary from the backward pass, with "dW1", "db1", ..., "db3"
    X -- input data, shape (n_x, m)
    Y -- labels, shape (1, m) or (m,)
    epsilon -- the small shift of formula (1)
    print_msg -- if True, prints whether the backward pass looks right

    Returns:
    difference -- the relative difference of formula (2), a number
    """
    parameters_values, layout = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    # Compute gradapprox
    for i in range(num_parameters):
        # Compute J_plus[i]. Inputs: "parameters_values, epsilon". Output = "J_plus[i]".
        ### START CODE HERE ### (approx. 3 lines)
        thetaplus = np.copy(parameters_values)  # Step 1
        thetaplus[i][0] = thetaplus[i][0] + epsilon  # Step 2
        J_plus[i], _ = forward_propagation_n(
            X, Y, vector_to_dictionary(thetaplus, layout)
        )  # Step 3
        ### END CODE HERE ###

        # Compute J_minus[i]. Inputs: "parameters_values, epsilon". Output = "J_minus[i]".
        ### START CODE HERE ### (approx. 3 lines)
        thetaminus = np.copy(parameters_values)  # Step 1
        thetaminus[i][0] = thetaminus[i][0] - epsilon  # Step 2
        J_minus[i], _ = forward_propagation_n(
            X, Y, vector_to_dictionary(thetaminus, layout)
        )  # Step 3
        ### END CODE HERE ###

        # Compute gradapprox[i]
        ### START CODE HERE ### (approx. 1 line)
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
        ### END CODE HERE ###

    # Compare gradapprox to backward propagation gradients by computing difference.
    ### START CODE HERE ### (approx. 1 line)
    numerator = np.linalg.norm(grad - gradapprox)  # Step 1'
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)  # Step 2'
    difference = numerator / denominator  # Step 3'
    ### END CODE HERE ###

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
