"""assignments.plots: what each figure shows."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from assignments import plots  # noqa: E402
from assignments.plots import plot_costs, plot_decision_boundary, show_images  # noqa: E402


def test_plot_costs_puts_each_cost_at_its_iteration():
    figure = plot_costs([np.array(0.7), 0.5, np.float64(0.25)], learning_rate=0.0075, label="net")
    (ax,) = figure.axes
    (line,) = ax.lines
    assert line.get_xdata().tolist() == [0, 100, 200]
    assert line.get_ydata().tolist() == [0.7, 0.5, 0.25]
    assert ax.get_title() == "net: learning rate = 0.0075"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("iteration", "cost")
    plt.close(figure)


def test_plot_costs_other_spacing_and_no_label():
    figure = plot_costs([1.0, 0.5], learning_rate=0.1, every=10)
    assert figure.axes[0].lines[0].get_xdata().tolist() == [0, 10]
    assert figure.axes[0].get_title() == "learning rate = 0.1"
    plt.close(figure)


def test_show_images_titles_each_image_and_hides_spare_axes():
    images = np.zeros((7, 4, 4, 3), dtype=np.uint8)
    figure = show_images(images, [f"#{i}" for i in range(7)], columns=5)
    assert len(figure.axes) == 10
    assert [ax.get_title() for ax in figure.axes] == [f"#{i}" for i in range(7)] + [""] * 3
    assert [len(ax.images) for ax in figure.axes] == [1] * 7 + [0] * 3
    plt.close(figure)


def test_show_images_says_when_titles_do_not_match():
    with pytest.raises(ValueError, match="show_images got 2 images but 1 titles"):
        show_images(np.zeros((2, 4, 4, 3)), ["only one"])


def test_plot_decision_boundary_evaluates_the_classifier_on_a_grid_around_the_points():
    X = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 0.5]])
    y = np.array([[0, 1, 1]])
    seen = []

    def right_half(points):
        seen.append(points.shape)
        return points[0] > 1.0

    figure = plot_decision_boundary(right_half, X, y, title="right half", step=0.5, margin=1.0)
    ax = figure.axes[0]
    assert seen == [(2, 8 * 6)]  # x from -1 to 2.5, y from -1 to 1.5, every 0.5
    assert ax.get_title() == "right half"
    assert ax.get_xlim() == (-1.0, 3.0) and ax.get_ylim() == (-1.0, 2.0)
    points = ax.collections[-1]
    assert points.get_offsets().tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]]
    plt.close(figure)


def test_confusion_matrix_counts_true_rows_against_predicted_columns():
    y_true = np.array([[0, 0, 1, 2, 2, 2]])
    y_pred = np.array([0, 1, 1, 2, 0, 2])
    expected = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(plots.confusion_matrix(y_true, y_pred, 3), expected)


def test_confusion_matrix_names_bad_labels():
    with pytest.raises(ValueError, match="from 0 to 2"):
        plots.confusion_matrix([0, 3], [0, 1], 3)
    with pytest.raises(ValueError, match="2 labels but 3 predictions"):
        plots.confusion_matrix([0, 1], [0, 1, 1], 3)


def test_plot_confusion_matrix_writes_every_count_and_the_accuracy():
    figure = plots.plot_confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], ["a", "b", "c"], title="t")
    ax = figure.axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "1", "0", "0", "1", "0", "0", "0", "1"]
    assert ax.get_title() == "t: accuracy 0.7500"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    plt.close(figure)
