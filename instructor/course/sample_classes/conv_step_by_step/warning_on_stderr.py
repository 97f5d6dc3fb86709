"""zero_pad is right but triggers a numpy RuntimeWarning (overflow in exp) on every call, so
text reaches stderr during its test. A warning is not a failure: full marks."""

BASE = "solution"


def zero_pad(X, pad):
    np.exp(np.array([1000.0]))
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), mode="constant", constant_values=0)
