"""Layout damage: the student moved the cells of conv_backward and pool_backward (their
solutions) to the end and renamed pool_backward's cell id. Functions are recognised by
their GRADED FUNCTION line: full marks."""

BASE = "solution"
MOVE_TO_END = ["conv_backward", "pool_backward"]
RENAME_IDS = {"pool_backward": "cell-pool-backward-copy"}
