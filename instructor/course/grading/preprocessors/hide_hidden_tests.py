"""nbgrader generate_feedback step: feedback without hidden tests, their values or any text
of the grader's run (what the feedback shows, and why: course.grading.feedback)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from course.grading.cells import release_notebook_of
from course.grading.feedback import sanitize


def _submitted(resources: dict, submitted_dir: str) -> NotebookNode | None:
    """The notebook the student submitted, or None when it cannot be read."""
    info = resources.get("nbgrader", {})
    path = (
        Path(submitted_dir)
        / str(info.get("student"))
        / str(info.get("assignment"))
        / f"{info.get('notebook')}.ipynb"
    )
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # a broken submission was repaired for grading: show no outputs
        return None


class HideHiddenTests(NbGraderPreprocessor):
    """nbgrader feedback step: see course.grading.feedback."""

    release_dir = Unicode("release", help="The course's release folder.").tag(config=True)
    submitted_dir = Unicode("submitted", help="The course's submitted folder.").tag(config=True)

    def preprocess(self, nb, resources):
        release_nb = release_notebook_of(resources, self.release_dir)
        release = nbformat.read(release_nb, as_version=4)
        return sanitize(nb, release, _submitted(resources, self.submitted_dir)), resources
