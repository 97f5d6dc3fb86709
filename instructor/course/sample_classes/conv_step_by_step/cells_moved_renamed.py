"""Layout damage: the student moved pool_forward's test to the end, renamed the cell id of
conv_forward's test, and deleted the test cell of zero_pad. The cells are recognised by
content, restored and graded: full marks, with the repairs reported."""

BASE = "solution"
MOVE_TO_END = ["test_pool_forward"]
RENAME_IDS = {"test_conv_forward": "my_conv_test"}
DELETE_CELLS = ["test_zero_pad"]
