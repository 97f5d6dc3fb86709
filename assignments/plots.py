"""Figures the assignments draw: cost curves, grids of labelled images, decision boundaries
and confusion matrices.

Plotting is given to students (nothing here is graded), so the notebooks stay about the
model. Every function draws on a new figure and returns it, so a test or a notebook can look at
what was drawn; the notebooks show it with matplotlib's inline backend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = [
    "confusion_matrix", "plot_confusion_matrix", "plot_costs", "plot_decision_boundary",
    "show_images",
]  # fmt: skip


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


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts (n_classes, n_classes): entry [k, j] is the number of examples of class k
    predicted as class j (labels are integers in 0..n_classes-1, any shape that ravels to m)."""
    true, pred = np.ravel(y_true).astype(int), np.ravel(y_pred).astype(int)
    if true.shape != pred.shape:
        raise ValueError(f"confusion_matrix got {true.size} labels but {pred.size} predictions.")
    if true.size and (min(true.min(), pred.min()) < 0 or max(true.max(), pred.max()) >= n_classes):
        raise ValueError(f"confusion_matrix: labels must be integers from 0 to {n_classes - 1}.")
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (true, pred), 1)
    return counts


def plot_confusion_matrix(
    y_true: np.ndarray, y_pred: np.ndarray, classes: Sequence, *, title: str = ""
) -> Figure:
    """The confusion matrix as a grid of counts: row = true class, column = predicted class.

    Arguments:
        y_true, y_pred: (m,) or (1, m) integer labels in 0..len(classes)-1.
        classes: the class names (or numbers), in label order.
        title: title of the figure; the accuracy is added to it.
    """
    counts = confusion_matrix(y_true, y_pred, len(classes))
    accuracy = np.trace(counts) / max(counts.sum(), 1)
    figure, ax = plt.subplots(figsize=(4.5, 4.0))
    ax.imshow(counts, cmap="Blues")
    for (k, j), count in np.ndenumerate(counts):
        color = "white" if count > counts.max() / 2 else "black"
        ax.text(j, k, str(count), ha="center", va="center", color=color)
    names = [str(c) for c in classes]
    ax.set_xticks(range(len(names)), names)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(f"{title}: accuracy {accuracy:.4f}" if title else f"accuracy {accuracy:.4f}")
    figure.tight_layout()
    return figure
