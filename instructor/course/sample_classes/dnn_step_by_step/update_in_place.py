"""update_parameters as in the legacy version of the assignment: it drops the given deepcopy
and updates the caller's arrays in place with -=. The values are right, but the caller's
dictionary changes. Only update_parameters loses its point."""

BASE = "solution"


def update_parameters(params, grads, learning_rate):
    parameters = params
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] -= learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] -= learning_rate * grads["db" + str(l + 1)]
    return parameters
