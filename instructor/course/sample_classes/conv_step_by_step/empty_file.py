"""The uploaded notebook is an empty file: reported, not graded."""

RAW_TEXT = ""
