"""assignments.nn.three_layer: the given 3-layer network of course 2."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.nn import three_layer as net

KEYS = ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]


def _problem(seed: int = 0, dims=(3, 5, 4, 1), m: int = 6):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.uniform(size=(1, m)) < 0.5).astype(float)
    params = {}
    for layer in range(1, len(dims)):
        params[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1]))
        params[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * 0.1
    return X, Y, params


def test_forward_propagation_shapes_and_cache():
    X, _, params = _problem()
    A3, cache = net.forward_propagation(X, params)
    assert A3.shape == (1, 6) and ((A3 > 0) & (A3 < 1)).all()
    Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3_cached, W3, b3 = cache
    assert np.array_equal(A1, np.maximum(Z1, 0)) and A3_cached is A3
    assert W1 is params["W1"] and b3 is params["b3"]
    assert np.array_equal(Z3, W3 @ A2 + b3)


def test_backward_propagation_matches_numeric_gradients():
    X, Y, params = _problem(seed=4)
    grads = net.backward_propagation(X, Y, net.forward_propagation(X, params)[1])
    assert list(grads) == KEYS
    eps = 1e-6
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        numeric = np.zeros_like(params[name])
        for index in np.ndindex(params[name].shape):
            shifted = {k: v.copy() for k, v in params.items()}
            shifted[name][index] += eps
            plus = net.compute_cost(net.forward_propagation(X, shifted)[0], Y)
            shifted[name][index] -= 2 * eps
            minus = net.compute_cost(net.forward_propagation(X, shifted)[0], Y)
            numeric[index] = (plus - minus) / (2 * eps)
        assert np.allclose(grads[f"d{name}"], numeric, rtol=1e-5, atol=1e-8), name


def test_update_parameters_returns_a_new_dictionary():
    X, Y, params = _problem()
    before = {k: v.copy() for k, v in params.items()}
    grads = net.backward_propagation(X, Y, net.forward_propagation(X, params)[1])
    updated = net.update_parameters(params, grads, 0.5)
    assert all(np.array_equal(params[k], before[k]) for k in params)
    assert np.array_equal(updated["W2"], before["W2"] - 0.5 * grads["dW2"])
    assert np.array_equal(updated["b3"], before["b3"] - 0.5 * grads["db3"])


def test_compute_cost_leaves_out_zero_times_log_zero_and_is_inf_when_sure_and_wrong():
    Y = np.array([[1.0, 0.0]])
    assert net.compute_cost(np.array([[1.0, 0.5]]), Y) == pytest.approx(np.log(2) / 2)
    assert net.compute_cost(np.array([[0.0, 0.5]]), Y) == np.inf
    assert net.compute_cost(np.array([[0.8, 0.4]]), Y) == pytest.approx(
        -(np.log(0.8) + np.log(0.6)) / 2, rel=1e-15
    )


def test_predict_prints_the_accuracy(capsys):
    X, _, params = _problem(seed=2)
    expected = (net.forward_propagation(X, params)[0] > 0.5).astype(int)
    y = expected.copy()
    y[0, :3] = 1 - y[0, :3]
    p = net.predict(X, y, params)
    assert np.array_equal(p, expected)
    assert capsys.readouterr().out == "Accuracy: 0.5\n"
    assert np.array_equal(net.predict_dec(params, X), expected.astype(bool))
