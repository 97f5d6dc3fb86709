"""nbgrader sanitize step: a submission put back into the release's layout before grading
(the repairs themselves: course.grading.canonical)."""

from __future__ import annotations

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from course.grading.canonical import canonicalize
from course.grading.cells import release_notebook_of


class RestoreLayout(NbGraderPreprocessor):
    """nbgrader sanitize step: rebuild the submission in the release's layout."""

    release_dir = Unicode("release", help="The course's release folder.").tag(config=True)

    def preprocess(self, nb, resources):
        release_nb = release_notebook_of(resources, self.release_dir)
        if not release_nb.exists():
            self.log.warning("RestoreLayout: no release notebook %s; layout kept", release_nb)
            return nb, resources
        nb, notes = canonicalize(nb, nbformat.read(release_nb, as_version=4))
        for note in notes:
            self.log.warning("RestoreLayout: %s", note)
        return nb, resources
