"""The fast conv layer against PyTorch CPU, forward + backward, in the same process and dtype.

    python -m venv bench-venv
    bench-venv/bin/pip install numpy==2.4.6 threadpoolctl==3.8.0 torch==2.13.0
    bench-venv/bin/pip install --no-deps -e .
    bench-venv/bin/python benchmarks/conv_layer.py

PyTorch is a benchmark-only dependency (never needed to run the course). The operation is the
first layer of conv_application's model on a SIGNS batch: 64 images of 64x64x3, 8 filters 4x4,
stride 1, "same" padding, float32; our layer works in NHWC, PyTorch in NCHW and in
channels_last (each in its native layout, converted once outside the timing; the faster of the
two is the reference). A run is forward + backward passes one after the other (gradients of
input, weights and biases), as training runs the layer batch after batch: ``--warm-up`` passes
(default 1), then ``--passes`` timed ones (default 3), whose time per pass is what counts. Each
side does ``--repeat`` runs, the sides alternating so that other work on the machine slows them
alike, with a ``--pause`` before each run (idle OpenBLAS / OpenMP threads spin for a while
after a run and would slow the other side's next run); the medians are compared. The first pass
after a pause is slower on both sides (cold caches), and numpy's layer on several threads much
slower: measured, two processes running the layer side by side keep their speed after a pause,
two threads of one process lose about half of it for a pass (most likely the handing of
Python's GIL between numpy calls: a thread that waits for it sleeps, and waking a virtual
machine's idle core takes long). ``--warm-up 0 --passes 1`` measures that first pass. Both
sides get the same number of threads, ``--threads`` (default 1; see threads.py), which our
layer follows as it follows numpy's BLAS, and the same malloc (glibc's heap kept for reuse, see
malloc.py; ``--malloc-defaults`` leaves glibc's defaults). Prints the times and the ratio
ours / PyTorch (issue 7's target: <= 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import threads  # noqa: E402  (before numpy: it sets OpenBLAS's thread count)

threads.from_argv()

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import machine  # noqa: E402
import malloc  # noqa: E402  (after assignments is on the path)

from assignments.nn import layers  # noqa: E402


def _median_seconds(steps: dict, args: argparse.Namespace) -> dict[str, float]:
    """Median time per pass of each step, the steps taking turns (after one warm-up run each).

    Each run starts ``args.pause`` seconds after the previous one ends (OpenBLAS's and OpenMP's
    idle threads spin for a while after their last task, and would otherwise steal a core from
    the next run, the other library's): ``args.warm_up`` calls of the step, then
    ``args.passes`` timed ones.
    """
    times = {name: [] for name in steps}
    for step in steps.values():
        step()
    for _ in range(args.repeat):
        for name, step in steps.items():
            time.sleep(args.pause)
            for _ in range(args.warm_up):
                step()
            started = time.perf_counter()
            for _ in range(args.passes):
                step()
            times[name].append((time.perf_counter() - started) / args.passes)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> int:
    import warnings

    import torch

    warnings.filterwarnings("ignore", message="Using padding='same'")  # even f: a pad copy

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between runs")
    parser.add_argument("--warm-up", type=int, default=1, help="untimed passes, each run")
    parser.add_argument("--passes", type=int, default=3, help="timed passes, each run")
    threads.add_argument(parser)
    malloc.add_argument(parser)
    args = parser.parse_args()
    heap_kept = malloc.apply(args)
    threads.apply_to_torch(torch, args.threads)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 64, 64, 3)).astype(np.float32)
    w = (rng.standard_normal((4, 4, 3, 8)) * 0.1).astype(np.float32)
    b = np.zeros(8, np.float32)
    dout = rng.standard_normal((64, 64, 64, 8)).astype(np.float32)

    def ours():
        out, cache = layers.conv_forward(x, w, b, 1, "same")
        layers.conv_backward(dout, cache)

    tx = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()).requires_grad_()
    tw = torch.from_numpy(w.transpose(3, 2, 0, 1).copy()).requires_grad_()
    tb = torch.from_numpy(b.copy()).requires_grad_()
    tdout = torch.from_numpy(dout.transpose(0, 3, 1, 2).copy())

    def theirs(tx, tdout):
        for t in (tx, tw, tb):
            t.grad = None
        out = torch.nn.functional.conv2d(tx, tw, tb, stride=1, padding="same")
        out.backward(tdout)

    last = torch.channels_last
    tx_last = tx.detach().to(memory_format=last).requires_grad_()
    tdout_last = tdout.to(memory_format=last)

    # same numbers first
    out, cache = layers.conv_forward(x, w, b, 1, "same")
    dx, dw, _ = layers.conv_backward(dout, cache)
    theirs(tx, tdout)
    t_out = torch.nn.functional.conv2d(tx, tw, tb, padding="same").detach().numpy()
    agree = (
        np.allclose(out, t_out.transpose(0, 2, 3, 1), atol=1e-4)
        and np.allclose(dx, tx.grad.numpy().transpose(0, 2, 3, 1), atol=1e-3)
        and np.allclose(dw, tw.grad.numpy().transpose(2, 3, 1, 0), rtol=1e-3, atol=1e-2)
    )
    medians = _median_seconds(
        {
            "ours": ours,
            "NCHW": lambda: theirs(tx, tdout),
            "channels_last": lambda: theirs(tx_last, tdout_last),
        },
        args,
    )
    mine = medians["ours"]
    reference = min(medians["NCHW"], medians["channels_last"])
    print(f"conv 64x64x64x3 -> 8 filters 4x4, same, float32; torch {torch.__version__}; "
          f"results agree: {agree}")  # fmt: skip
    print(machine.describe())
    print(
        f"{threads.describe(torch)}; each run: {args.warm_up} untimed, {args.passes} timed passes;"
        f" heap kept for reuse: {heap_kept}"
    )
    print(f"numpy (ours): {mine * 1000:.1f} ms   PyTorch: {medians['NCHW'] * 1000:.1f} ms NCHW, "
          f"{medians['channels_last'] * 1000:.1f} ms channels_last   "
          f"ratio: {mine / reference:.2f}")  # fmt: skip
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
