"""Scratch buffers and threads for a layer that works in independent chunks of images.

Used by :mod:`assignments.nn.layers` (the convolution). Its chunks are independent, so a layer
of many chunks (at least CHUNKS_PER_THREAD per thread: a SIGNS batch at 64 x 64 has 32) shares
them out between as many threads as numpy's BLAS uses (OPENBLAS_NUM_THREADS; one per core by
default, one in the grader's sandbox): the calling thread and a pool, each pinned to a core
while it works (:func:`in_threads`). BLAS is held to one thread meanwhile, even when the layer
runs on one: each product is small, BLAS threads on top would compete for the same cores, and
OpenBLAS rounds the forward product differently when it splits it between threads. Every numpy
call of a chunk lets go of Python's GIL, which is why the layer computes dW with np.dot
(np.matmul keeps the GIL for that product's shape). Each chunk writes its own part of the
output and its own (dW, db), added up in chunk order afterwards: the results are bit-identical
whatever the number of threads or cores.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

import numpy as np
from threadpoolctl import ThreadpoolController

CHUNKS_PER_THREAD = 4  # the fewest chunks that make another thread worth waking

_scratch = threading.local()  # per thread: {key: buffer}, see _workspace


def workspace(key: tuple, shape: tuple, dtype, fill: float | None = None) -> np.ndarray:
    """A scratch buffer kept between calls (per thread and per ``key``, which must say
    everything its reuse relies on): the chunk buffers are the same few megabytes batch
    after batch, and a fresh allocation of that size costs a page fault per 4 kB on its first
    use (about a tenth of the layer's time). ``fill`` is written when it is made."""
    buffers = _scratch.__dict__.setdefault("buffers", {})
    key = (*key, shape, np.dtype(dtype).str)
    buffer = buffers.get(key)
    if buffer is None:
        if len(buffers) >= 16:  # many layer shapes: forget the old ones
            buffers.clear()
        buffer = buffers[key] = np.empty(shape, dtype)
        if fill is not None:
            buffer[...] = fill
    return buffer


_blas: ThreadpoolController | None = None  # numpy's BLAS, found on first use
_pool: ThreadPoolExecutor | None = None  # made on first use, larger when more threads are asked
_pool_size = 0
_pool_pid = 0  # the process that made it: a forked child has the pool but none of its threads
_pool_lock = threading.Lock()


def blas_libraries() -> ThreadpoolController:
    global _blas
    if _blas is None:
        _blas = ThreadpoolController().select(user_api="blas")
    return _blas


def _thread_count() -> int:
    """Threads for the chunks: as many as numpy's BLAS uses (1 if it is not one
    threadpoolctl can see, e.g. Apple's Accelerate)."""
    return max((lib.num_threads for lib in blas_libraries().lib_controllers), default=1)


def cores() -> list[int]:
    """The cores this thread may run on (empty where the system does not say: not Linux)."""
    return sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []


@contextmanager
def pinned(core: int | None):
    """Run the block on ``core`` alone, then on the cores allowed before (anywhere if ``core``
    is None, or if the system refuses: a pin only makes things faster)."""
    allowed = os.sched_getaffinity(0) if core is not None else None
    try:
        if allowed is not None:
            os.sched_setaffinity(0, {core})
    except OSError:
        allowed = None
    try:
        yield
    finally:
        if allowed is not None:
            os.sched_setaffinity(0, allowed)


def in_threads(job, items, per_thread: int | None = None) -> None:
    """Call ``job(chunks)`` on this thread and on the pool's, all with BLAS held to one
    thread, ``chunks`` being one iterator over ``items`` that they all take from: a thread that
    starts late or runs slow (another program on its core) takes fewer. Only ``per_thread``
    items per thread or more (default CHUNKS_PER_THREAD) are worth another thread. Returns
    when all are done and raises the first error any of them raised.

    Each thread is pinned to a core of its own while it works. Unpinned, the threads (which
    wake each other whenever one waits for Python's GIL) were measured to run no faster than
    one for the first two passes of a SIGNS layer after an idle spell, and two processes side
    by side did not slow down so: the system's scheduler, which likes to wake a thread on its
    waker's core, put them on one core until it spread them again.
    """
    global _pool, _pool_size, _pool_pid
    per_thread = CHUNKS_PER_THREAD if per_thread is None else per_thread
    allowed = cores()
    # waking a thread costs from tens of microseconds to a few milliseconds (measured here, on
    # a virtual machine): only layers of several chunks per thread gain from it
    threads = min(_thread_count(), len(items) // per_thread, len(allowed) or len(items))
    chunks = iter(items)  # its next() is atomic: each item goes to exactly one thread
    with blas_libraries().limit(limits=1):
        if threads <= 1:
            job(chunks)
            return
        with _pool_lock:
            if _pool_pid != os.getpid():  # new, or inherited through fork: its threads are gone
                _pool, _pool_size, _pool_pid = None, 0, os.getpid()
            if _pool_size < threads - 1:
                if _pool is not None:
                    _pool.shutdown(wait=False)
                _pool = ThreadPoolExecutor(threads - 1, thread_name_prefix="conv-chunks")
                _pool_size = threads - 1
            pool = _pool
        places = allowed[:threads] if allowed else [None] * threads

        def pinned_job(core):
            with pinned(core):
                job(chunks)

        futures = [pool.submit(pinned_job, core) for core in places[1:]]
        try:
            pinned_job(places[0])
        finally:
            wait(futures)
    for future in futures:
        future.result()
