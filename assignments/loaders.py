"""The data of each assignment, as the original course's helpers returned it (same arrays,
shapes and dtypes), found and verified through :mod:`assignments.data`.

``load_cat_data`` (dnn_application), ``load_circles_data`` (initialization; generated, no
file), ``load_football_data`` (regularization), ``load_signs_data`` (conv_application), and
``make_circles``, scikit-learn's circles with numpy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assignments.data import find_file, load_manifest, signs_train_file


def _read_h5(path: Path, keys: Sequence[str]) -> list[np.ndarray]:
    """The arrays stored under ``keys`` in the HDF5 file ``path``."""
    import h5py

    with h5py.File(path, "r") as handle:
        return [np.array(handle[key][:]) for key in keys]


def load_cat_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cat / non-cat data, as deeplearning.ai's ``load_data()`` returns it.

    Returns:
        train_x_orig: (209, 64, 64, 3) uint8 images.
        train_y: (1, 209) int64 labels, 1 = cat.
        test_x_orig: (50, 64, 64, 3) uint8 images.
        test_y: (1, 50) int64 labels.
        classes: (2,) bytes array ``[b'non-cat', b'cat']``.
    """
    train_x, train_y = _read_h5(find_file("train_catvnoncat.h5"), ("train_set_x", "train_set_y"))
    test_keys = ("test_set_x", "test_set_y", "list_classes")
    test_x, test_y, classes = _read_h5(find_file("test_catvnoncat.h5"), test_keys)
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), classes


def load_signs_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The SIGNS data, as ``load_dataset()`` of deeplearning.ai's cnn_utils returns it.

    Prints one line naming the training file used (original or verified rebuild).

    Returns:
        X_train_orig: (1080, 64, 64, 3) uint8 images.
        Y_train_orig: (1, 1080) int64 labels in 0..5.
        X_test_orig: (120, 64, 64, 3) uint8 images.
        Y_test_orig: (1, 120) int64 labels in 0..5.
        classes: (6,) int64 ``[0, 1, 2, 3, 4, 5]``.
    """
    manifest = load_manifest()
    train_path = signs_train_file(manifest=manifest)
    print(f"SIGNS training set: {train_path.name} ({manifest.file(train_path.name).summary})")
    x_train, y_train = _read_h5(train_path, ("train_set_x", "train_set_y"))
    test_keys = ("test_set_x", "test_set_y", "list_classes")
    x_test, y_test, classes = _read_h5(find_file("test_signs.h5", manifest=manifest), test_keys)
    return x_train, y_train.reshape(1, -1), x_test, y_test.reshape(1, -1), classes


def load_football_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 2-D "football" points of data.mat, as reg_utils' ``load_2D_dataset()`` returns them
    (without the plot).

    Returns:
        train_X: (2, 211) float64; train_Y: (1, 211) uint8;
        test_X: (2, 200) float64; test_Y: (1, 200) uint8.
    """
    import scipy.io

    data = scipy.io.loadmat(find_file("data.mat"))
    return data["X"].T, data["y"].T, data["Xval"].T, data["yval"].T


def make_circles(
    n_samples: int = 100,
    *,
    noise: float | None = None,
    factor: float = 0.8,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles of points, bit-identical to scikit-learn's ``make_circles``.

    Generated with numpy only (the course does not depend on scikit-learn), with the same
    draws in the same order: ``make_circles(n, noise=s, seed=k)`` returns exactly what
    ``sklearn.datasets.make_circles(n, noise=s, random_state=k)`` returns, and what it returns
    after ``np.random.seed(k)`` with ``random_state=None`` (``tests/test_data.py`` proves both).
    ``seed=None`` draws from numpy's global generator, as scikit-learn does then.

    Arguments:
        n_samples: number of points; the outer circle gets ``n_samples // 2``, the inner the rest.
        noise: standard deviation of the Gaussian noise added to every coordinate, or None.
        factor: radius of the inner circle (the outer one has radius 1).
        seed: seed of a ``np.random.RandomState``, or None for numpy's global generator.

    Returns:
        X: (n_samples, 2) float64 points, shuffled; y: (n_samples,) int labels, 0 for the outer
        circle and 1 for the inner one.
    """
    generator = np.random.mtrand._rand if seed is None else np.random.RandomState(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    angles_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angles_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack(
        [
            np.append(np.cos(angles_out), np.cos(angles_in) * factor),
            np.append(np.sin(angles_out), np.sin(angles_in) * factor),
        ]
    ).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    order = np.arange(n_samples)
    generator.shuffle(order)
    X, y = X[order], y[order]
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y


def load_circles_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The circles of the initialization assignment, as init_utils' ``load_dataset()`` made
    them (without the plot): 300 training points drawn with seed 1 and 100 test points with
    seed 2, noise 0.05; one column per point.

    Returns:
        train_X: (2, 300) float64; train_Y: (1, 300) int;
        test_X: (2, 100) float64; test_Y: (1, 100) int.
    """
    train_X, train_Y = make_circles(300, noise=0.05, seed=1)
    test_X, test_Y = make_circles(100, noise=0.05, seed=2)
    return train_X.T, train_Y.reshape(1, -1), test_X.T, test_Y.reshape(1, -1)
