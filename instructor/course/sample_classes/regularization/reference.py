"""The reference solution from source/: every function right (full marks)."""

BASE = "solution"
