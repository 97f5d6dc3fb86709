"""Figures the assignments draw: cost curves and grids of labelled images.

Plotting is given to students (nothing here is graded), so the notebooks stay about the
model. Every function draws on a new figure and returns it, so a test or a notebook can look at
what was drawn; the notebooks show it with matplotlib's inline backend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_costs", "plot_decision_boundary", "show_images"]


def plot_costs(
    costs: Sequence[float], learning_rate: float, *, every: int = 100, label: str = ""
) -> Figure:
    """The cost recorded every ``every`` iterations, against the iteration number.

    Arguments:
        costs: the costs a training loop recorded at iterations 0, every, 2 * every, ...
            (numbers or 0-d arrays).
        learning_rate: shown in the title.
        every: iterations between two recorded costs.
        label: optional name of the model, put before the title.
    """
    values = np.array([float(np.squeeze(c)) for c in costs])
    figure, ax = plt.subplots()
    ax.plot(np.arange(len(values)) * every, values)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    title = f"learning rate = {learning_rate}"
    ax.set_title(f"{label}: {title}" if label else title)
    return figure


def show_images(
    images: np.ndarray, titles: Sequence[str], *, columns: int = 5, size: float = 2.0
) -> Figure:
    """A grid of images with a title above each.

    Arguments:
        images: (k, height, width, 3) uint8 pixels, or floats in [0, 1].
        titles: k strings.
        columns: images per row.
        size: width and height of one image, in inches.
    """
    if len(images) != len(titles):
        raise ValueError(f"show_images got {len(images)} images but {len(titles)} titles.")
    count = max(len(images), 1)
    rows = (count + columns - 1) // columns
    figure, axes = plt.subplots(rows, columns, figsize=(size * columns, size * rows + 0.4))
    for index, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if index < len(images):
            ax.imshow(images[index], interpolation="nearest")
            ax.set_title(titles[index], fontsize=9)
    figure.tight_layout()
    return figure


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    title: str = "",
    step: float = 0.01,
    margin: float = 1.0,
) -> Figure:
    """The regions a classifier of 2-D points labels 0 and 1, with the points on top.

    Arguments:
        predict: takes (2, k) points, one per column, and returns k labels (any shape that
            ravels to k values, booleans or 0/1), e.g.
            ``lambda x: predict_dec(parameters, x)``.
        X: (2, m) points; y: (1, m) or (m,) labels, which colour the points.
        title: title of the figure.
        step: spacing of the grid on which ``predict`` is evaluated.
        margin: how far the grid extends beyond the points.
    """
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.arange(x_min, x_max, step), np.arange(y_min, y_max, step))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    labels = np.asarray(predict(grid), dtype=float).reshape(xx.shape)
    figure, ax = plt.subplots()
    ax.contourf(xx, yy, labels, cmap=plt.cm.Spectral)
    ax.scatter(X[0], X[1], c=np.ravel(y), cmap=plt.cm.Spectral, s=20, edgecolors="k", lw=0.3)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return figure
