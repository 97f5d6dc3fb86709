"""The machine and date a benchmark figure was measured on, as every figure must name them."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path


def describe() -> str:
    """``machine: <CPU model> (<vector extensions>), <n> cores; date: <YYYY-MM-DD>``."""
    model, flags = platform.processor() or "?", set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    simd = [f for f in ("avx2", "avx512f", "fma") if f in flags]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"machine: {model} ({', '.join(simd) or 'no AVX2'}), {cores} cores; "
        f"date: {datetime.date.today()}"
    )
