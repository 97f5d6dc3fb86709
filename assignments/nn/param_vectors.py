"""Parameters and gradients as one column vector, and back (for gradient checking).

Gradient checking nudges one parameter at a time, which is simplest when all the parameters
of a network sit in a single vector ``theta``. These helpers are given to students in the
gradient-checking assignment (the original course's ``gc_utils``), generalized to any layer
sizes: the vector's layout is returned with it, so that it can be turned back into a
dictionary of the right shapes.

Order: layer by layer, ``W1, b1, W2, b2, ...``; each array is flattened row by row (numpy's
``reshape``). ``gradients_to_vector`` uses the same order, with ``dW1, db1, dW2, db2, ...``,
so that entry ``i`` of both vectors is about the same parameter.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dictionary_to_vector", "gradients_to_vector", "vector_to_dictionary"]

Layout = list[tuple[str, tuple[int, ...]]]


def _layer_count(keys: list[str], prefix: str) -> int:
    weights = [k for k in keys if k.startswith(f"{prefix}W") and k[len(prefix) + 1 :].isdigit()]
    count = len(weights)
    expected = {f"{prefix}{kind}{layer}" for layer in range(1, count + 1) for kind in ("W", "b")}
    if count == 0 or not expected <= set(keys):
        raise ValueError(
            f"expected the keys {prefix}W1, {prefix}b1, ..., {prefix}W{max(count, 1)}, "
            f"{prefix}b{max(count, 1)}; got {sorted(keys)}."
        )
    return count


def dictionary_to_vector(parameters: dict[str, np.ndarray]) -> tuple[np.ndarray, Layout]:
    """All the parameters in one column vector.

    Arguments:
        parameters: ``{"W1": (n1, n0), "b1": (n1, 1), ..., "WL", "bL"}``.

    Returns:
        ``(theta, layout)``: theta of shape ``(number of parameters, 1)``, and the layout
        ``[("W1", shape), ("b1", shape), ...]`` that :func:`vector_to_dictionary` needs.
    """
    layers = _layer_count(list(parameters), "")
    layout = [
        (f"{kind}{layer}", np.shape(parameters[f"{kind}{layer}"]))
        for layer in range(1, layers + 1)
        for kind in ("W", "b")
    ]
    theta = np.concatenate([np.reshape(parameters[name], (-1, 1)) for name, _ in layout], axis=0)
    return theta.astype(float, copy=False), layout


def vector_to_dictionary(theta: np.ndarray, layout: Layout) -> dict[str, np.ndarray]:
    """The dictionary of parameters held by ``theta``, in the shapes of ``layout``.

    Arguments:
        theta: ``(number of parameters, 1)`` (or any array of that many entries).
        layout: as returned by :func:`dictionary_to_vector`.
    """
    flat = np.reshape(theta, -1)
    sizes = [int(np.prod(shape)) for _, shape in layout]
    if flat.size != sum(sizes):
        raise ValueError(f"theta has {flat.size} entries but the layout holds {sum(sizes)}.")
    parameters, start = {}, 0
    for (name, shape), size in zip(layout, sizes, strict=True):
        parameters[name] = flat[start : start + size].reshape(shape).copy()
        start += size
    return parameters


def gradients_to_vector(gradients: dict[str, np.ndarray]) -> np.ndarray:
    """The gradients ``dW1, db1, ..., dWL, dbL`` in one column vector, in the order of
    :func:`dictionary_to_vector` (other keys, such as ``dA1`` or ``dZ1``, are ignored)."""
    layers = _layer_count([k for k in gradients if k.startswith("dW") or k.startswith("db")], "d")
    names = [f"d{kind}{layer}" for layer in range(1, layers + 1) for kind in ("W", "b")]
    return np.concatenate([np.reshape(gradients[name], (-1, 1)) for name in names], axis=0)
