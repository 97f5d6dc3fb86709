"""Fault: a cell would print about 1 GB. The grader keeps the first 100 kB of it and stops the
cell (restarting the kernel) once it has printed 10 MB, long before its time runs out; every
function keeps its points."""

BASE = "solution"

EXTRA_CELLS = {"setup": "_line = 'x' * 99\nfor _ in range(10_000_000):\n    print(_line)\n"}
