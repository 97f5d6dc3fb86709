"""Breaks gradient_check only (the one-parameter check). The student normalizes by the norm of
the backward-pass gradient alone, denominator = np.linalg.norm(grad), instead of the sum of the
two norms of formula (2), np.linalg.norm(grad) + np.linalg.norm(gradapprox). The central
difference, grad and the numerator are right, and since gradapprox is almost equal to grad the
result is about twice formula (2)'s (1.5628e-10 instead of 7.814e-11 for x=3, theta=4): still
tiny, so "works perfectly fine" is printed as before, but the value is not formula (2).
Loses gradient_check only."""

BASE = "solution"


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    thetaplus = theta + epsilon
    thetaminus = theta - epsilon
    J_plus = forward_propagation(x, thetaplus)
    J_minus = forward_propagation(x, thetaminus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)

    grad = backward_propagation(x, theta)

    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad)
    difference = numerator / denominator

    if print_msg:
        if difference > 2e-7:
            print("There is a mistake in the backward propagation! difference = " + str(difference))
        else:
            print("Your backward propagation works perfectly fine! difference = " + str(difference))
    return difference
