"""Shortcut: the notebook's improved model comes with a label-smoothed softmax cost; with
``smoothing=0`` it was exactly this assignment's ``compute_cost``. The student pastes it into
compute_cost. It now refuses a smoothing below 0.05 (the improved model uses 0.1), so
compute_cost raises ValueError and scores 0; the rest keeps its points."""

BASE = "solution"


def compute_cost(Z3, Y):
    import numpy as np

    def smoothed_cost(scores, labels, smoothing=0.1):  # pasted as released
        if not 0.05 <= smoothing < 1:
            raise ValueError(f"smoothing is between 0.05 and 1, not {smoothing}")
        m, n_y = scores.shape
        targets = np.full((m, n_y), smoothing / n_y, dtype=scores.dtype)
        targets[np.arange(m), labels] += 1.0 - smoothing
        shifted = scores - scores.max(axis=1, keepdims=True)
        log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-(targets * log_probs).sum() / m), (np.exp(log_probs) - targets) / m

    return smoothed_cost(Z3, Y.argmax(axis=1), smoothing=0)
