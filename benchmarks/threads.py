"""The thread count both sides of a numpy-vs-PyTorch benchmark get, set before either loads.

numpy's matrix products run on OpenBLAS threads, and our conv layer shares its chunks out
between as many threads as OpenBLAS has (everything else numpy does runs on one); PyTorch runs
its convolutions on OpenMP threads. To compare the code rather than the number of cores
each side takes, ``--threads N`` (default 1) gives both sides N threads: OpenBLAS's count has
to be in the environment before numpy is imported, so :func:`from_argv` runs first, at the top
of the script; :func:`apply_to_torch` then sets PyTorch's. ``--threads default`` leaves both
libraries their own defaults (PyTorch: one thread per core; OpenBLAS: the same), which on a
2-core virtual machine makes both sides' times erratic (their idle threads spin and compete).
"""

from __future__ import annotations

import argparse
import os

VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _count(value: str) -> int | None:
    if value == "default":
        return None
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"a positive number or 'default', not {value!r}")
    return int(value)


def add_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--threads`` option (read early by :func:`from_argv`, shown by ``--help``)."""
    parser.add_argument(
        "--threads",
        type=_count,
        default=1,
        help="threads for each side, numpy's OpenBLAS and PyTorch alike (default 1); "
        "'default' leaves both libraries their own",
    )


def from_argv(argv: list[str] | None = None) -> int | None:
    """Read ``--threads`` from the command line (before the script's own parser runs, and
    before numpy loads) and put the count in the environment of the thread pools; None for
    ``--threads default``."""
    early = argparse.ArgumentParser(add_help=False)
    add_argument(early)
    threads = early.parse_known_args(argv)[0].threads
    if threads is not None:
        for name in VARIABLES:
            os.environ[name] = str(threads)
    return threads


def apply_to_torch(torch, threads: int | None) -> None:
    if threads is not None:
        torch.set_num_threads(threads)


def describe(torch) -> str:
    blas = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    return f"threads: PyTorch {torch.get_num_threads()}, numpy's OpenBLAS {blas}"
