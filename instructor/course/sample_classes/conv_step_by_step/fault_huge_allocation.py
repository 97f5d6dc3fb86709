"""Fault: zero_pad allocates 20 GB. The memory cap turns it into a MemoryError in zero_pad's
test; conv_forward and conv_backward, which call zero_pad, are judged with the reference
zero_pad and keep their points."""

BASE = "solution"


def zero_pad(X, pad):
    big = np.ones((20 * 1024**3,), dtype=np.uint8)
    return big
