"""conv_single_step uses the old hint Z + float(b), which raises TypeError on NumPy 2; since
conv_forward calls it, but is judged with the reference conv_single_step: only
conv_single_step loses its point."""

BASE = "solution"


def conv_single_step(a_slice_prev, W, b):
    s = a_slice_prev * W
    Z = np.sum(s)
    Z = Z + float(b)
    return Z
