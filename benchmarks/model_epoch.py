"""One training epoch of the seed model with our numpy layers against PyTorch CPU, same process.

    python -m venv bench-venv
    bench-venv/bin/pip install numpy==2.4.6 threadpoolctl==3.8.0 torch==2.13.0
    bench-venv/bin/pip install --no-deps -e .
    bench-venv/bin/python benchmarks/model_epoch.py

PyTorch is a benchmark-only dependency (never needed to run the course). The model is
conv_application's: CONV 4x4x3x8 "same" -> RELU -> MAXPOOL 8x8 stride 8 "same" -> CONV 2x2x8x16
"same" -> RELU -> MAXPOOL 4x4 stride 4 "same" -> FLATTEN -> FC 6 -> softmax cross-entropy, trained
with Adam (learning rate 0.009) on mini-batches of 64 over 1080 examples of 64x64x3 (the size of
SIGNS; random float32 pixels in [0, 1) and random labels, seeded; the last batch has 56).

Our side is assignments.nn.layers + optim.adam on NHWC float32 arrays; PyTorch's is the same
model with conv2d / max_pool2d / linear / cross_entropy / torch.optim.Adam on NCHW tensors (the
data is converted once, outside the timing; the activations are flattened in NHWC order so
that the FC weights are the same matrix). Both start from the same Glorot-uniform weights and
zero biases and visit the same mini-batches in the same order; the input images do not require
gradients on either side (both skip the first layer's input gradient: ours with
``conv_backward(..., input_grad=False)``, as conv_application's given backward pass does).
Each side trains one epoch ``--repeat`` times from the same start, alternating sides so that
other work on the machine affects both alike, with a ``--pause`` before each epoch (idle
OpenBLAS / OpenMP threads spin for a while after their last task and would slow the other
side); the medians are compared. Before timing, one epoch on each side is checked to agree:
the weights after the epoch and the training loss with them, within float32 tolerance. Both
sides get the same number of threads, ``--threads`` (default 1; see threads.py), and the same
malloc: glibc's heap kept for reuse (assignments.nn.memory), unless ``--malloc-defaults``.
With glibc's defaults, whether an epoch's arrays are faulted back in a page at a time (35,000
to 62,000 page faults a numpy epoch, up to 276,000 a PyTorch one, 3.4 microseconds each here)
depends on what the process allocated before: the ratio swung from 0.87x to 1.93x.

Prints a small table: milliseconds per epoch and per mini-batch for each side, the ratio ours /
PyTorch (issue 7's target: <= 1.5), both sides' thread counts and whether the results agree.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import threads  # noqa: E402  (before numpy: it sets OpenBLAS's thread count)

threads.from_argv()

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import machine  # noqa: E402
import malloc  # noqa: E402  (after assignments is on the path)

from assignments.nn import layers, optim  # noqa: E402


# The loss of the benchmark's training step. Not in the student package: it would be
# conv_application's graded compute_cost.
def softmax_loss(scores: np.ndarray, y: np.ndarray):
    """Mean softmax cross-entropy of scores (m, K) for integer labels y (m,).

    The largest score of each row is subtracted first, so no exponential overflows.
    Returns ``(loss, dscores)``.
    """
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    m = scores.shape[0]
    loss = -log_probs[np.arange(m), y].mean()
    dscores = np.exp(log_probs)
    dscores[np.arange(m), y] -= 1
    return float(loss), dscores / m


EXAMPLES, SIZE, CLASSES, BATCH, LEARNING_RATE = 1080, 64, 6, 64, 0.009
SHAPES = {"W1": (4, 4, 3, 8), "b1": (8,), "W2": (2, 2, 8, 16), "b2": (16,), "W3": (64, 6)}
SHAPES["b3"] = (6,)


def initial_parameters(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Glorot-uniform weights (fan in and out as Keras counts them), zero biases; float32."""
    params = {}
    for name, shape in SHAPES.items():
        if name.startswith("b"):
            params[name] = np.zeros(shape, np.float32)
            continue
        receptive = int(np.prod(shape[:-2])) if len(shape) == 4 else 1
        limit = np.sqrt(6 / (receptive * (shape[-2] + shape[-1])))
        params[name] = rng.uniform(-limit, limit, shape).astype(np.float32)
    return params


# --------------------------------------------------------------------------- numpy (ours)


def numpy_loss(params, x, y, backward: bool = True):
    """Forward (and backward) pass of the seed model: ``(loss, grads)``."""
    a, c1 = layers.conv_forward(x, params["W1"], params["b1"], 1, "same")
    a, r1 = layers.relu_forward(a)
    a, p1 = layers.max_pool_forward(a, 8, 8, "same")
    a, c2 = layers.conv_forward(a, params["W2"], params["b2"], 1, "same")
    a, r2 = layers.relu_forward(a)
    a, p2 = layers.max_pool_forward(a, 4, 4, "same")
    a, fl = layers.flatten_forward(a)
    scores, fc = layers.affine_forward(a, params["W3"], params["b3"])
    loss, d = softmax_loss(scores, y)
    if not backward:
        return loss, None
    grads = {}
    d, grads["W3"], grads["b3"] = layers.affine_backward(d, fc)
    d = layers.flatten_backward(d, fl)
    d = layers.max_pool_backward(d, p2)
    d = layers.relu_backward(d, r2)
    d, grads["W2"], grads["b2"] = layers.conv_backward(d, c2)
    d = layers.max_pool_backward(d, p1)
    d = layers.relu_backward(d, r1)
    _, grads["W1"], grads["b1"] = layers.conv_backward(d, c1, input_grad=False)
    return loss, grads


def numpy_epoch(start, x, y, order):
    """One epoch of Adam from ``start`` (not modified); returns the trained parameters."""
    params = {name: value.copy() for name, value in start.items()}
    configs = {name: {"learning_rate": LEARNING_RATE} for name in params}
    for first in range(0, len(order), BATCH):
        batch = order[first : first + BATCH]
        _, grads = numpy_loss(params, x[batch], y[batch])
        for name in params:
            params[name], configs[name] = optim.adam(params[name], grads[name], configs[name])
    return params


# --------------------------------------------------------------------------- PyTorch


def torch_model(torch, start):
    """The same model as a function of NCHW tensors, and its parameters (copies of start)."""
    functional = torch.nn.functional
    weights = {  # conv filters (f, f, C_prev, C) -> (C, C_prev, f, f); FC (D, K) -> (K, D)
        "W1": start["W1"].transpose(3, 2, 0, 1),
        "W2": start["W2"].transpose(3, 2, 0, 1),
        "W3": start["W3"].T,
    }
    params = {
        name: torch.tensor(np.ascontiguousarray(weights.get(name, value)), requires_grad=True)
        for name, value in start.items()
    }

    def scores(x):
        a = functional.relu(functional.conv2d(x, params["W1"], params["b1"], padding="same"))
        a = functional.max_pool2d(a, 8, 8)  # "same" pads nothing: 64 is a multiple of 8
        a = functional.relu(functional.conv2d(a, params["W2"], params["b2"], padding="same"))
        a = functional.max_pool2d(a, 4, 4)
        a = a.permute(0, 2, 3, 1).reshape(a.shape[0], -1)  # NHWC order, as ours
        return functional.linear(a, params["W3"], params["b3"])

    return scores, params


def torch_epoch(torch, start, x, y, order):
    """One epoch of torch.optim.Adam from ``start``: ``(scores, params)`` as torch_model's."""
    scores, params = torch_model(torch, start)
    adam = torch.optim.Adam(params.values(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-8)
    for first in range(0, len(order), BATCH):
        batch = torch.from_numpy(order[first : first + BATCH])
        adam.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(scores(x[batch]), y[batch])
        loss.backward()
        adam.step()
    return scores, params


def as_ours(params) -> dict[str, np.ndarray]:
    """PyTorch's parameters as numpy arrays in our layouts."""
    ours = {name: value.detach().numpy() for name, value in params.items()}
    ours["W1"] = ours["W1"].transpose(2, 3, 1, 0)
    ours["W2"] = ours["W2"].transpose(2, 3, 1, 0)
    ours["W3"] = ours["W3"].T
    return ours


# --------------------------------------------------------------------------- timing


def main() -> int:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between epochs")
    threads.add_argument(parser)
    malloc.add_argument(parser)
    args = parser.parse_args()
    heap_kept = malloc.apply(args)
    threads.apply_to_torch(torch, args.threads)
    warnings.filterwarnings("ignore", message="Using padding='same'")  # even kernels: a pad copy
    rng = np.random.default_rng(0)
    x = rng.random((EXAMPLES, SIZE, SIZE, 3), dtype=np.float32)
    y = rng.integers(0, CLASSES, EXAMPLES)
    start = initial_parameters(rng)
    order = rng.permutation(EXAMPLES)
    tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy())
    ty = torch.from_numpy(y)

    # the same numbers first: one epoch each, then the loss over the whole set, each side
    # with its own forward pass
    ours = numpy_epoch(start, x, y, order)
    scores, params = torch_epoch(torch, start, tx, ty, order)
    parts = [slice(i, i + 270) for i in range(0, EXAMPLES, 270)]
    loss_ours = np.mean([numpy_loss(ours, x[part], y[part], False)[0] for part in parts])
    with torch.no_grad():
        loss_theirs = torch.nn.functional.cross_entropy(scores(tx), ty).item()
    theirs = as_ours(params)
    agree = bool(
        all(value.dtype == np.float32 for value in ours.values())
        and all(np.allclose(ours[name], theirs[name], rtol=1e-3, atol=1e-4) for name in ours)
        and abs(loss_ours - loss_theirs) <= 1e-4 * abs(loss_theirs)
    )

    times = {"numpy (ours)": [], "PyTorch": []}
    for _ in range(args.repeat):  # alternate, so that both see the same load
        for name, epoch in (("numpy (ours)", numpy_epoch), ("PyTorch", torch_epoch)):
            time.sleep(args.pause)  # let the other side's idle threads stop spinning
            started = time.perf_counter()
            if name == "PyTorch":
                epoch(torch, start, tx, ty, order)
            else:
                epoch(start, x, y, order)
            times[name].append(time.perf_counter() - started)
    medians = {name: statistics.median(values) for name, values in times.items()}
    batches = -(-EXAMPLES // BATCH)
    print(f"seed model, one epoch of {EXAMPLES} examples in {batches} mini-batches of {BATCH}, "
          f"float32; torch {torch.__version__}")  # fmt: skip
    print(machine.describe())
    print(f"{threads.describe(torch)}; heap kept for reuse: {heap_kept}")
    print(f"loss after the epoch: ours {loss_ours:.6f}, PyTorch {loss_theirs:.6f}; "
          f"weights and loss agree: {agree}")  # fmt: skip
    print("| side | epoch (median) | per mini-batch | fastest epoch |")
    print("|---|---:|---:|---:|")
    for name, values in times.items():
        median = medians[name] * 1000
        print(f"| {name} | {median:.0f} ms | {median / batches:.1f} ms | "
              f"{min(values) * 1000:.0f} ms |")  # fmt: skip
    print(f"ratio ours / PyTorch: {medians['numpy (ours)'] / medians['PyTorch']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
