"""nbgrader autograde step after execution: text on stderr is output, never a failure."""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor


class DemoteStderr(NbGraderPreprocessor):
    """Decide what fails a test: an exception, never text on stderr.

    nbgrader gives a test cell 0 as soon as anything reaches stderr, so a harmless numpy
    ``RuntimeWarning: overflow encountered in exp`` from a student's sigmoid would zero a
    passing test. This step (after execution, before the grades are saved) turns stderr
    text into ordinary output, kept for the student to read; only an error output (an
    exception, a timeout, a crashed kernel) fails a test.
    """

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                output["name"] = "stdout"
        return cell, resources
