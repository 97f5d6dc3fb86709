"""Keep the memory a training step frees for the next step: glibc's heap settings.

A training step allocates and frees the same few tens of megabytes mini-batch after
mini-batch: the activations, their gradients, the conv layer's padded input. With glibc's
default settings those arrays often get memory the system has to hand over a 4 kB page at a
time: an array larger than the mmap threshold (128 kB, raised by glibc as larger arrays are
freed) is mapped afresh each time, and free memory at the top of the heap beyond the trim
threshold goes back to the system at once. Each first touch of such a page is a page fault:
for one epoch of conv_application's seed model, 35,000 to 62,000 of them for numpy and up to
276,000 for PyTorch, at about 3.4 microseconds each on the course's virtual machine
(benchmarks/model_epoch.py; a numpy epoch took 550 to 890 ms with them, about 400 ms
without). Which arrays fault depends on what the process allocated before, so the same code
runs at either speed. PyTorch's documentation suggests another allocator for the same reason.

:func:`keep_heap_for_reuse` sets two of glibc's parameters instead (the same as the
environment variables ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TOP_PAD_``): arrays up to 32 MB
come from the heap, and 64 MB of free memory stay at its top, at the cost of up to that much
memory kept by the process. The benchmarks call it, for both sides alike; a notebook may
call it too. It changes nothing where the C library is not glibc (macOS, Windows, Alpine's
musl) or where the user set either variable.
"""

from __future__ import annotations

import ctypes
import os

MMAP_THRESHOLD = 32 * 2**20  # bytes: larger arrays are mapped (glibc's largest setting)
TOP_PAD = 64 * 2**20  # bytes kept free at the heap's top: a SIGNS step frees about 50 MB
M_TOP_PAD, M_MMAP_THRESHOLD = -2, -3  # mallopt's parameter numbers, from glibc's malloc.h
VARIABLES = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_")


def glibc() -> bool:
    """Is this process's C library glibc?"""
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def keep_heap_for_reuse() -> bool:
    """Set glibc's mmap threshold to 32 MB and its top padding to 64 MB (see above); True if
    both were set, False if nothing was (not glibc, or the user set either variable)."""
    if any(name in os.environ for name in VARIABLES) or not glibc():
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library this process runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TOP_PAD, TOP_PAD))
