"""The upload was cut short: the file is not valid JSON. It is reported, not graded, and the
rest of the class is graded."""

RAW_TEXT = (
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": "# GRADED FUNCTION: zero_pad\\n'
)
