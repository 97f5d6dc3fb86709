"""Fault: pool_forward never returns (a while loop whose condition never changes). Its test
times out; the kernel is restarted and the rest of the notebook is graded."""

BASE = "solution"


def pool_forward(A_prev, hparameters, mode="max"):
    h = 0
    while h < A_prev.shape[1]:
        pass
    return A_prev, (A_prev, hparameters)
