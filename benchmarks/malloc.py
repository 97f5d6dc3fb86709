"""The malloc both sides of a numpy-vs-PyTorch benchmark share: glibc's heap kept for reuse
(assignments.nn.memory), unless ``--malloc-defaults`` leaves glibc's settings as they are.

Both sides run in one process, so they get the same settings either way. Import after the
repository's root is on ``sys.path``.
"""

from __future__ import annotations

import argparse

from assignments.nn import memory


def add_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--malloc-defaults`` option."""
    parser.add_argument(
        "--malloc-defaults",
        action="store_true",
        help="leave glibc's malloc settings as they are (see assignments.nn.memory)",
    )


def apply(args: argparse.Namespace) -> bool:
    """Keep glibc's heap for reuse unless ``--malloc-defaults``; True if it is kept."""
    return not args.malloc_defaults and memory.keep_heap_for_reuse()
