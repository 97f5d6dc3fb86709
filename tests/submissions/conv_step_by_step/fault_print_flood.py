"""Fault: a cell prints about 1 GB. The grader keeps the first 100 kB of it, the kernel is
stopped when the cell runs out of time, and every function keeps its points."""

BASE = "solution"

EXTRA_CELLS = {"setup": "_line = 'x' * 99\nfor _ in range(10_000_000):\n    print(_line)\n"}
