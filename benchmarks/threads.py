"""The thread count both sides of a numpy-vs-PyTorch benchmark get, set before either loads.

numpy's matrix products run on OpenBLAS threads and everything else numpy does on one; PyTorch
runs its convolutions on OpenMP threads. To compare the code rather than the number of cores
each side takes, ``--threads N`` (default 1) gives both sides N threads: OpenBLAS's count has
to be in the environment before numpy is imported, so :func:`from_argv` runs first, at the top
of the script; :func:`apply_to_torch` then sets PyTorch's. ``--threads default`` leaves both
libraries their own defaults (PyTorch: one thread per core; OpenBLAS: the same), which on a
2-core virtual machine makes both sides' times erratic (their idle threads spin and compete).
"""

from __future__ import annotations

import os
import sys

VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def from_argv(argv: list[str] | None = None) -> int | None:
    """Read ``--threads N`` (or ``--threads=N``) from the command line and put N in the
    environment of the thread pools; None for ``--threads default``."""
    argv = sys.argv[1:] if argv is None else argv
    value = "1"
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--threads="):
            value = arg.split("=", 1)[1]
    if value == "default":
        return None
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"--threads takes a positive number or 'default', not {value!r}")
    for name in VARIABLES:
        os.environ[name] = value
    return int(value)


def add_argument(parser) -> None:
    """The ``--threads`` option, for ``--help`` (its value is read by :func:`from_argv`)."""
    parser.add_argument(
        "--threads",
        default="1",
        help="threads for each side, numpy's OpenBLAS and PyTorch alike (default 1); "
        "'default' leaves both libraries their own",
    )


def apply_to_torch(torch, threads: int | None) -> None:
    if threads is not None:
        torch.set_num_threads(threads)


def describe(torch) -> str:
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    return f"threads: PyTorch {torch.get_num_threads()}, numpy's OpenBLAS {blas}"
