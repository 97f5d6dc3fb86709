"""Fault: distribute_value dereferences a null pointer with ctypes (a segfault). Its test and
pool_backward's (which calls it) score 0; the rest of the notebook is graded."""

BASE = "solution"


def distribute_value(dz, shape):
    import ctypes

    return ctypes.string_at(0)
