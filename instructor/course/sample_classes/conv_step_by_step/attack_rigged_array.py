"""Attack: conv_single_step and conv_forward return an ndarray subclass whose comparisons
and numpy functions always say "equal". Neither the kernel's checks nor trusted
verification are fooled: both functions score 0."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "class Liar(np.ndarray):\n"
        "    def __eq__(self, other):\n"
        "        return np.ones(np.shape(self), dtype=bool).view(Liar)\n"
        "    def __array_function__(self, func, types, args, kwargs):\n"
        "        return True\n"
        "    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):\n"
        "        return np.zeros(np.shape(self)).view(Liar)\n"
    )
}


def conv_single_step(a_slice_prev, W, b):
    return np.zeros(()).view(Liar)


def conv_forward(A_prev, W, b, hparameters):
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = int((n_H_prev + 2 * pad - f) / stride) + 1
    n_W = int((n_W_prev + 2 * pad - f) / stride) + 1
    return np.zeros((m, n_H, n_W, n_C)).view(Liar), (A_prev, W, b, hparameters)
