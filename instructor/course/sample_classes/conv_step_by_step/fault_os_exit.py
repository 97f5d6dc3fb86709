"""Fault: create_mask_from_window calls os._exit(0), killing the kernel in the middle of
its test. That test scores 0; pool_backward, which calls it, is judged with the reference
version; the others are graded."""

BASE = "solution"


def create_mask_from_window(x):
    import os

    os._exit(0)
