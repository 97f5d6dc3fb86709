"""The student deleted the cell of pool_forward: only its own test fails, and the report names
the deleted cell."""

BASE = "solution"
DELETE_CELLS = ["pool_forward"]
