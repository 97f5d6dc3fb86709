"""Fault: distribute_value dereferences a null pointer with ctypes (a segfault). Its test alone
scores 0 (pool_backward, which calls it, is judged with the reference version); the
rest of the notebook is graded."""

BASE = "solution"


def distribute_value(dz, shape):
    import ctypes

    return ctypes.string_at(0)
