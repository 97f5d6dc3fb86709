"""assignments.nn.layers and optim: numeric gradient checks, agreement with the looped
functions of conv_step_by_step, TensorFlow's SAME padding, and the update rules."""

from __future__ import annotations

import multiprocessing
import os
import threading

import numpy as np
import pytest
from course.grading.cells import cell_source

from assignments.nn import chunked, layers, optim
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


def _looped_conv(looped, x, w, b, stride, padding):
    """The looped conv_forward, after padding x as layers does (any padding mode)."""
    (top, bottom), (left, right) = layers._pads(x.shape, w.shape[0], stride, padding)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    return looped["conv_forward"](xp, w, b.reshape(1, 1, 1, -1), {"stride": stride, "pad": 0})[0]


@pytest.mark.parametrize(
    ("f", "stride", "pad"),
    [(2, 1, "same"), (4, 1, "same"), (3, 2, "same"), (4, 2, "valid"), (3, 1, "valid"), (2, 3, 1)],
)
def test_conv_padding_modes_agree_with_the_looped_version(looped, f, stride, pad):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 9, 7, 3))  # odd sizes: SAME pads one more after than before
    w = rng.standard_normal((f, f, 3, 4))
    b = rng.standard_normal(4)
    out, cache = layers.conv_forward(x, w, b, stride, pad)
    expected = _looped_conv(looped, x, w, b, stride, pad)
    assert out.shape == expected.shape
    assert np.allclose(out, expected, rtol=1e-12, atol=1e-12)
    dout = rng.standard_normal(out.shape)
    dx, dw, db = layers.conv_backward(dout, cache)
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == (4,)

    def conv(x, w):
        return layers.conv_forward(x, w, b, stride, pad)[0]

    assert np.allclose(dx, _numeric(lambda v: conv(v, w), x, dout))
    assert np.allclose(dw, _numeric(lambda v: conv(x, v), w, dout))
    assert np.allclose(db, dout.sum(axis=(0, 1, 2)))


@pytest.mark.parametrize(("stride", "pad"), [(1, "same"), (2, 1), (1, "valid")])
def test_conv_in_chunks_of_images_gives_the_same_results(monkeypatch, stride, pad):
    """Several chunks (and a last, smaller one) give what one chunk of all the images gives."""
    rng = np.random.default_rng(6)
    x = rng.standard_normal((7, 8, 6, 3))
    w = rng.standard_normal((3, 3, 3, 5))
    b = rng.standard_normal(5)
    out, cache = layers.conv_forward(x, w, b, stride, pad)
    dout = rng.standard_normal(out.shape)
    grads = layers.conv_backward(dout, cache)
    # a padded image has at most 10 x 8 positions and cols 28 rows: 2 or 3 images per chunk
    monkeypatch.setattr(layers, "_CHUNK", 2 * 28 * 80)
    chunked_out, chunked_cache = layers.conv_forward(x, w, b, stride, pad)
    assert np.allclose(chunked_out, out, rtol=1e-12, atol=1e-12)
    for part, whole in zip(layers.conv_backward(dout, chunked_cache), grads, strict=True):
        assert np.allclose(part, whole, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("stride", "pad"), [(1, "same"), (2, 1)])
def test_conv_on_several_threads_gives_bit_identical_results(monkeypatch, stride, pad):
    """The chunks shared out between 2 or 3 threads give exactly what one thread gives: each
    chunk writes its own part, and the chunks' dW are added up in chunk order."""
    rng = np.random.default_rng(10)
    x = rng.standard_normal((11, 8, 6, 3)).astype(np.float32)
    w = rng.standard_normal((3, 3, 3, 5)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    monkeypatch.setattr(layers, "_CHUNK", 2 * 28 * 80)  # 2 or 3 images per chunk: 4 to 6
    monkeypatch.setattr(chunked, "CHUNKS_PER_THREAD", 1)
    monkeypatch.setattr(chunked, "cores", lambda: [])  # as where cores are unknown: no pinning
    runs = {}
    for threads in (1, 2, 3):
        monkeypatch.setattr(chunked, "_thread_count", lambda threads=threads: threads)
        out, cache = layers.conv_forward(x, w, b, stride, pad)
        dout = np.random.default_rng(11).standard_normal(out.shape).astype(np.float32)
        runs[threads] = (out, *layers.conv_backward(dout, cache))
    for threads in (2, 3):
        assert all(np.array_equal(a, b) for a, b in zip(runs[threads], runs[1], strict=True))


def test_threads_are_pinned_each_to_a_core_while_they_work(monkeypatch):
    """Each thread runs its chunks on the core given to it, and this thread gets back the
    cores it had."""
    allowed = os.sched_getaffinity(0)
    core = min(allowed)
    monkeypatch.setattr(chunked, "_thread_count", lambda: 2)
    monkeypatch.setattr(chunked, "cores", lambda: [core, core])
    seen = {}

    def job(chunks):
        seen[threading.current_thread().name] = os.sched_getaffinity(0)
        list(chunks)

    chunked.in_threads(job, range(8))
    assert len(seen) == 2 and all(cores == {core} for cores in seen.values())
    assert os.sched_getaffinity(0) == allowed


def test_a_refused_pin_runs_the_work_unpinned(monkeypatch):
    def refuse(pid, cores):
        raise OSError(22, "Invalid argument")

    monkeypatch.setattr(os, "sched_setaffinity", refuse)
    ran = []
    with chunked.pinned(min(os.sched_getaffinity(0))):
        ran.append(True)
    assert ran == [True]


def _threaded_in_a_forked_child(queue):
    chunked.in_threads(lambda chunks: list(chunks), range(8))
    queue.put("done")


def test_a_forked_child_makes_its_own_pool(monkeypatch):
    """A child forked after the pool was made inherits the pool but not its threads: work
    handed to it would wait forever."""
    monkeypatch.setattr(chunked, "_thread_count", lambda: 2)
    chunked.in_threads(lambda chunks: list(chunks), range(8))  # the parent's pool exists
    fork = multiprocessing.get_context("fork")
    queue = fork.Queue()
    child = fork.Process(target=_threaded_in_a_forked_child, args=(queue,))
    child.start()
    child.join(30)
    if child.is_alive():
        child.kill()
    assert child.exitcode == 0 and queue.get(timeout=1) == "done"


def test_threads_are_no_more_than_the_cores_allowed(monkeypatch):
    monkeypatch.setattr(chunked, "_thread_count", lambda: 4)
    monkeypatch.setattr(chunked, "cores", lambda: [min(os.sched_getaffinity(0))] * 3)
    together = threading.Barrier(3, timeout=10)  # broken unless 3 threads work at once
    calls = []

    def job(chunks):
        calls.append(together.wait())
        list(chunks)

    chunked.in_threads(job, range(40))
    assert sorted(calls) == [0, 1, 2]


def test_only_layers_of_several_chunks_per_thread_use_the_pool(monkeypatch):
    monkeypatch.setattr(chunked, "_thread_count", lambda: 2)
    names = []

    def job(chunks):
        names.append(threading.current_thread().name)
        list(chunks)

    chunked.in_threads(job, range(7))  # fewer than 4 per thread: this thread alone
    assert names == [threading.current_thread().name]
    names.clear()
    chunked.in_threads(job, range(8))
    assert sorted(name.startswith("conv-chunks") for name in names) == [False, True]


def test_conv_threads_hold_blas_to_one_thread_and_give_it_back(monkeypatch):
    blas = chunked.blas_libraries()
    assert blas.lib_controllers, "the pinned numpy's OpenBLAS is not found by threadpoolctl"
    seen = []
    im2col = layers._im2col

    def spying_im2col(*args):
        seen.append(max(lib.num_threads for lib in blas.lib_controllers))
        return im2col(*args)

    monkeypatch.setattr(layers, "_im2col", spying_im2col)
    monkeypatch.setattr(layers, "_CHUNK", 2 * 28 * 80)
    with blas.limit(limits=2):
        x, w, b = np.ones((9, 8, 6, 3)), np.ones((3, 3, 3, 5)), np.ones(5)
        out, cache = layers.conv_forward(x, w, b, 1, 1)
        layers.conv_backward(np.ones(out.shape), cache)
        after = max(lib.num_threads for lib in blas.lib_controllers)
    assert len(seen) == 2 * 5 and set(seen) == {1}  # 5 chunks of 2 padded images, each pass
    assert after == 2


def test_conv_error_in_a_chunk_reaches_the_caller(monkeypatch):
    """A chunk that fails, on whichever thread, is not lost: the call raises its error."""
    calls = []
    im2col = layers._im2col

    def failing_im2col(*args):
        calls.append(None)
        if len(calls) == 3:
            raise MemoryError("chunk 3")
        return im2col(*args)

    monkeypatch.setattr(layers, "_im2col", failing_im2col)
    monkeypatch.setattr(layers, "_CHUNK", 2 * 28 * 80)
    monkeypatch.setattr(chunked, "_thread_count", lambda: 2)
    monkeypatch.setattr(chunked, "CHUNKS_PER_THREAD", 1)
    with pytest.raises(MemoryError, match="chunk 3"):
        layers.conv_forward(np.ones((9, 8, 6, 3)), np.ones((3, 3, 3, 5)), np.ones(5), 1, 1)


def test_error_on_the_pool_thread_is_raised_after_the_others_finish(monkeypatch):
    monkeypatch.setattr(chunked, "_thread_count", lambda: 2)
    monkeypatch.setattr(chunked, "CHUNKS_PER_THREAD", 1)
    pool_failed = threading.Event()
    done = []

    def job(chunks):
        if threading.current_thread() is threading.main_thread():
            assert pool_failed.wait(10)
            done.extend(chunks)  # the rest of the items
        else:
            done.append(next(chunks))
            pool_failed.set()
            raise MemoryError("chunk on the pool")

    with pytest.raises(MemoryError, match="chunk on the pool"):
        chunked.in_threads(job, range(5))
    assert sorted(done) == [0, 1, 2, 3, 4]


def test_conv_backward_without_the_input_gradient():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((5, 9, 9, 3))
    w = rng.standard_normal((4, 4, 3, 6))
    b = rng.standard_normal(6)
    out, cache = layers.conv_forward(x, w, b, 1, "same")
    dout = rng.standard_normal(out.shape)
    _, dw, db = layers.conv_backward(dout, cache)
    dx, dw_only, db_only = layers.conv_backward(dout, cache, input_grad=False)
    assert dx is None
    assert np.array_equal(dw_only, dw) and np.array_equal(db_only, db)


def test_reused_workspaces_carry_nothing_from_one_call_to_the_next(monkeypatch):
    """Layers of the same padded size but another stride, and scratch buffers full of NaN,
    change no result: what a workspace keeps between calls is only what its key says."""
    monkeypatch.setattr(chunked._scratch, "buffers", {}, raising=False)
    rng = np.random.default_rng(9)
    x = rng.standard_normal((6, 10, 10, 3))
    w = rng.standard_normal((3, 3, 3, 4))
    b = rng.standard_normal(4)

    def run(stride):
        out, cache = layers.conv_forward(x, w, b, stride, 1)
        dout = np.random.default_rng(stride).standard_normal(out.shape)
        return (out, *layers.conv_backward(dout, cache))

    clean = {}
    for stride in (1, 2):  # each from new buffers
        chunked._scratch.buffers.clear()
        clean[stride] = run(stride)
    for stride in (1, 2, 1, 2):  # same padded images, other output positions
        assert all(np.array_equal(a, b) for a, b in zip(run(stride), clean[stride], strict=True))
    for key, buffer in chunked._scratch.buffers.items():
        if key[0] == "gathered":  # its first key[1] columns are zeros for good
            buffer[:, key[1] :] = np.nan
        elif key[0] != "dgrid":  # rewritten by each use (dgrid: where its key says)
            buffer[...] = np.nan
    for stride in (1, 2):
        assert all(np.array_equal(a, b) for a, b in zip(run(stride), clean[stride], strict=True))


def test_conv_float32_stays_float32():
    rng = np.random.default_rng(7)
    x = rng.random((3, 10, 10, 3), dtype=np.float32)
    w = rng.standard_normal((4, 4, 3, 8)).astype(np.float32)
    b = rng.standard_normal(8).astype(np.float32)
    out, cache = layers.conv_forward(x, w, b, 1, "same")
    dout = rng.standard_normal(out.shape).astype(np.float32)
    grads = layers.conv_backward(dout, cache)
    assert out.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
    x64, w64, b64 = x.astype(float), w.astype(float), b.astype(float)
    out64, cache64 = layers.conv_forward(x64, w64, b64, 1, "same")
    assert np.allclose(out, out64, rtol=1e-5, atol=1e-5)
    for g, g64 in zip(grads, layers.conv_backward(dout.astype(float), cache64), strict=True):
        assert np.allclose(g, g64, rtol=1e-4, atol=1e-4)


def _looped_pool_backward(x, dout, f, stride, padding):
    """Each window's gradient to its first maximum, window by window (padding with -inf)."""
    (top, bottom), (left, right) = layers._pads(x.shape, f, stride, padding)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=-np.inf)
    dxp = np.zeros_like(xp)
    m, n_h, n_w, n_c = dout.shape
    for i, h, w_, c in np.ndindex(m, n_h, n_w, n_c):
        window = xp[i, h * stride : h * stride + f, w_ * stride : w_ * stride + f, c]
        r, s = np.unravel_index(np.argmax(window), window.shape)  # the first maximum
        dxp[i, h * stride + r, w_ * stride + s, c] += dout[i, h, w_, c]
    return dxp[:, top : xp.shape[1] - bottom, left : xp.shape[2] - right]


@pytest.mark.parametrize(
    ("f", "stride", "padding"),
    [(2, 2, "valid"), (2, 2, "same"), (3, 3, "same"), (2, 3, "valid"), (3, 2, "same"), (2, 1, 0)],
)
def test_max_pool_gradient_goes_to_the_first_maximum(f, stride, padding):
    """Both paths (non-overlapping windows: assignment; overlapping: np.add.at), with ties."""
    rng = np.random.default_rng(8)
    x = np.maximum(rng.standard_normal((2, 7, 5, 3)), 0)  # odd sizes; ReLU zeros tie
    x[0, :3, :3, 0] = 0.0  # whole windows of equal values
    out, cache = layers.max_pool_forward(x, f, stride, padding)
    dout = rng.standard_normal(out.shape)
    dx = layers.max_pool_backward(dout, cache)
    assert dx.shape == x.shape
    assert np.array_equal(dx, _looped_pool_backward(x, dout, f, stride, padding))


@pytest.mark.parametrize(
    ("f", "stride", "padding", "size"),
    [(2, 2, "valid", (9, 7)), (3, 3, "valid", (7, 8)), (3, 3, "same", (7, 8)),
     (4, 4, "same", (9, 9)), (4, 4, "valid", (8, 8)), (8, 8, "same", (16, 16)),
     (2, 3, "same", (7, 5)), (3, 1, "valid", (6, 7)), (16, 16, "same", (20, 16))],
)  # fmt: skip
def test_max_pool_with_many_ties_keeps_the_first_maximum(looped, f, stride, padding, size):
    """Small integers tie inside nearly every window, at every position: the tiled path
    (stride == f, with and without padding, sizes that f does not divide) and the others."""
    rng = np.random.default_rng(9)
    x = rng.integers(0, 3, (3, *size, 4)).astype(np.float32)
    x[1] = 0.0  # whole windows of equal values
    out, cache = layers.max_pool_forward(x, f, stride, padding)
    (top, bottom), (left, right) = layers._pads(x.shape, f, stride, padding)
    xp = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)), constant_values=-np.inf)
    expected, _ = looped["pool_forward"](xp, {"f": f, "stride": stride}, mode="max")
    assert out.dtype == np.float32 and np.array_equal(out, expected)
    dout = rng.standard_normal(out.shape).astype(np.float32)
    dx = layers.max_pool_backward(dout, cache)
    assert dx.dtype == np.float32
    assert np.array_equal(dx, _looped_pool_backward(x, dout, f, stride, padding))


def test_max_pool_first_maximum_is_row_by_row():
    """Of two equal maxima, the one in the earlier row wins even if it is further right."""
    x = np.zeros((1, 4, 4, 1))
    x[0, 1, 3, 0] = x[0, 2, 0, 0] = 5.0  # window rows 1 and 2: (1, 3) comes first
    x[0, 0, 1, 0] = x[0, 0, 0, 0] = -1.0
    dx = layers.max_pool_backward(np.ones((1, 1, 1, 1)), layers.max_pool_forward(x, 4, 4)[1])
    assert dx[0, :, :, 0].tolist() == [[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]
    y = np.full((1, 2, 2, 1), -np.inf)  # a window of -inf only: its first position
    dy = layers.max_pool_backward(np.ones((1, 1, 1, 1)), layers.max_pool_forward(y, 2, 2)[1])
    assert dy[0, :, :, 0].tolist() == [[1, 0], [0, 0]]


def test_max_pool_with_nan_takes_the_first_nan_as_numpy_argmax():
    x = np.arange(16.0).reshape(1, 4, 4, 1)
    x[0, 1, 1, 0] = x[0, 0, 3, 0] = np.nan
    out, cache = layers.max_pool_forward(x, 2, 2)
    assert np.isnan(out[0, 0, 0, 0]) and np.isnan(out[0, 0, 1, 0]) and out[0, 1, 1, 0] == 15
    dx = layers.max_pool_backward(np.ones_like(out), cache)
    assert dx[0, 1, 1, 0] == 1 and dx[0, 0, 3, 0] == 1 and dx.sum() == 4


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


def test_dense_layers():
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
    assert np.array_equal(layers.relu_backward(dout, rcache), dout * (out > 0))
    d32, r32 = dout.astype(np.float32), layers.relu_forward(out.astype(np.float32))[1]
    assert layers.relu_backward(d32, r32).dtype == np.float32


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
