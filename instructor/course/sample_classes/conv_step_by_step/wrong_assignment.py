"""The student submitted the notebook of another assignment under this one's name: no cell
of conv_step_by_step is in it. Reported, not graded."""

RAW_TEXT = '{"cells": [{"cell_type": "code", "execution_count": null, "id": "a1", "metadata": {"nbgrader": {"grade": false, "grade_id": "initialize_parameters", "locked": false, "schema_version": 3, "solution": true, "task": false}}, "outputs": [], "source": "# GRADED FUNCTION: initialize_parameters\\n\\ndef initialize_parameters(n_x, n_h, n_y):\\n    pass\\n"}], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}'
