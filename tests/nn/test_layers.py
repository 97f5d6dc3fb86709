"""assignments.nn.layers and optim: numeric gradient checks, agreement with the looped
functions of conv_step_by_step, TensorFlow's SAME padding, and the update rules."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.grading.cells import cell_source
from assignments.nn import layers, optim
from tests.conftest import CONV_SOURCE


def _numeric(f, x, dout, eps=1e-6):
    """Numeric gradient of sum(f(x) * dout) with respect to x."""
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + eps
        plus = np.sum(f(x) * dout)
        x[index] = saved - eps
        minus = np.sum(f(x) * dout)
        x[index] = saved
        grad[index] = (plus - minus) / (2 * eps)
    return grad


@pytest.fixture(scope="module")
def looped():
    """The looped reference functions of conv_step_by_step's source notebook."""
    namespace = {"np": np}
    for name in ("zero_pad", "conv_single_step", "conv_forward", "pool_forward"):
        exec(cell_source(CONV_SOURCE, name), namespace)
    return namespace


@pytest.mark.parametrize(("stride", "pad"), [(1, 0), (2, 1), (3, 2), (1, "same"), (2, "same")])
def test_conv_gradients(stride, pad):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 7, 6, 3))
    w = rng.standard_normal((3, 3, 3, 4))
    b = rng.standard_normal(4)
    out, cache = layers.conv_forward(x, w, b, stride, pad)
    dout = rng.standard_normal(out.shape)
    dx, dw, db = layers.conv_backward(dout, cache)

    def conv(x, w, b):
        return layers.conv_forward(x, w, b, stride, pad)[0]

    assert np.allclose(dx, _numeric(lambda v: conv(v, w, b), x, dout))
    assert np.allclose(dw, _numeric(lambda v: conv(x, v, b), w, dout))
    assert np.allclose(db, _numeric(lambda v: conv(x, w, v), b, dout))


@pytest.mark.parametrize(("stride", "pad"), [(1, 0), (2, 1), (1, 3), (3, 0)])
def test_conv_forward_agrees_with_the_looped_version(looped, stride, pad):
    rng = np.random.default_rng(2)
    x = rng.standard_normal((3, 9, 8, 4))
    w = rng.standard_normal((3, 3, 4, 5))
    b = rng.standard_normal((1, 1, 1, 5))
    expected, _ = looped["conv_forward"](x, w, b, {"stride": stride, "pad": pad})
    out, _ = layers.conv_forward(x, w, b, stride, pad)
    assert out.shape == expected.shape
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("f", "stride"), [(2, 2), (3, 1), (3, 2)])
def test_max_pool_agrees_with_the_looped_version_and_its_gradient(looped, f, stride):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 7, 6, 3))
    expected, _ = looped["pool_forward"](x, {"f": f, "stride": stride}, mode="max")
    out, cache = layers.max_pool_forward(x, f, stride)
    assert np.array_equal(out, expected)
    dout = rng.standard_normal(out.shape)
    dx = layers.max_pool_backward(dout, cache)
    assert np.allclose(dx, _numeric(lambda v: layers.max_pool_forward(v, f, stride)[0], x, dout))


def test_same_padding_is_tensorflows():
    assert layers.same_padding(64, 8, 8) == (8, 0, 0)
    assert layers.same_padding(5, 2, 2) == (3, 0, 1)
    assert layers.same_padding(7, 3, 1) == (7, 1, 1)
    assert layers.same_padding(8, 4, 4) == (2, 0, 0)
    x = np.arange(25.0).reshape(1, 5, 5, 1)
    out, cache = layers.max_pool_forward(x, 2, 2, "same")
    assert out[0, :, :, 0].tolist() == [[6, 8, 9], [16, 18, 19], [21, 23, 24]]
    dx = layers.max_pool_backward(np.ones_like(out), cache)
    assert dx.shape == x.shape and dx.sum() == 9 and dx[0, 4, 4, 0] == 1


def test_dense_layers_and_softmax():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((4, 2, 3, 2))
    flat, fcache = layers.flatten_forward(x)
    assert flat.shape == (4, 12) and np.array_equal(layers.flatten_backward(flat, fcache), x)
    w, b = rng.standard_normal((12, 5)), rng.standard_normal(5)
    out, cache = layers.affine_forward(flat, w, b)
    dout = rng.standard_normal(out.shape)
    dx, dw, db = layers.affine_backward(dout, cache)
    assert np.allclose(dx, _numeric(lambda v: layers.affine_forward(v, w, b)[0], flat, dout))
    assert np.allclose(dw, _numeric(lambda v: layers.affine_forward(flat, v, b)[0], w, dout))
    assert np.allclose(db, dout.sum(axis=0))
    r, rcache = layers.relu_forward(out)
    assert np.allclose(layers.relu_backward(dout, rcache), dout * (out > 0))
    y = np.array([0, 3, 4, 1])
    loss, dscores = layers.softmax_loss(out, y)
    probs = np.exp(out) / np.exp(out).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.log(probs[np.arange(4), y]).mean(), rel=1e-12)
    numeric = _numeric(lambda v: np.array(layers.softmax_loss(v, y)[0]), out.copy(), 1.0)
    assert np.allclose(dscores, numeric)
    # no overflow for huge scores
    huge = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    big_loss, big_d = layers.softmax_loss(huge, np.array([0, 0]))
    assert big_loss == pytest.approx(500.0) and np.isfinite(big_d).all()


def test_update_rules():
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -1.0])
    assert optim.sgd(w, dw, {"learning_rate": 0.1})[0].tolist() == [0.95, -1.9]
    next_w, config = optim.sgd_momentum(w, dw, {"learning_rate": 0.1, "momentum": 0.9})
    assert next_w.tolist() == [0.95, -1.9]
    next_w, config = optim.sgd_momentum(next_w, dw, config)
    assert np.allclose(next_w, [0.95 - 0.095, -1.9 + 0.19])
    # Adam's first step moves every weight by the learning rate (bias correction)
    next_w, config = optim.adam(w, dw, {"learning_rate": 0.01})
    assert np.allclose(next_w, w - 0.01 * np.sign(dw), atol=1e-9) and config["t"] == 1
