"""Feedback that never shows hidden tests or hidden inputs (cf. jupyter/nbgrader#917).

nbgrader builds feedback from the autograded notebook, in which every test cell holds its
hidden tests, and a failing hidden test prints its code and values in the traceback. This
step, run by ``nbgrader generate_feedback`` before the HTML is written:

- puts back the release's version of every test cell (visible tests only);
- keeps a failure of the visible tests as its one-line message (what the student saw while
  working), without the traceback;
- replaces a failure of the hidden tests (the visible ones had passed) by a sentence that
  says so, without code, values or inputs.
"""

from __future__ import annotations

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from assignments.grading.cells import grade_id, nbgrader_meta, release_notebook_of

VISIBLE_PASSED = "all visible tests passed"
HIDDEN_FAILED = (
    "The visible tests passed, but the hidden tests of this function failed: it is not right "
    "for every input (other shapes, strides, paddings, a batch of one, or a gradient check). "
    "Try your function on cases of your own."
)


def _text(cell: NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


def _failure(cell: NotebookNode) -> tuple[str, str] | None:
    """``(ename, evalue)`` of what a test cell's failure may tell the student: its first error
    when the visible tests failed, HIDDEN_FAILED when they had passed (a hidden test's own
    message may quote hidden values); None when the cell did not fail."""
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    if not errors:
        return None
    if VISIBLE_PASSED in _text(cell):
        return "HiddenTestsFailed", HIDDEN_FAILED
    return errors[0].ename, errors[0].evalue


def first_failure(cell: NotebookNode) -> str | None:
    """The failure of :func:`_failure` in one line (``Name: message``), or None."""
    failure = _failure(cell)
    if failure is None:
        return None
    ename, evalue = failure
    message = f"{ename}: {evalue}".strip()
    return message.splitlines()[0] if message else ename


def sanitize(nb: NotebookNode, release: NotebookNode) -> NotebookNode:
    """The autograded notebook ``nb`` with hidden tests and their traces removed."""
    public = {grade_id(c): c.source for c in release.cells if grade_id(c)}
    for cell in nb.cells:
        if cell.cell_type != "code" or not nbgrader_meta(cell).get("grade"):
            continue
        cell.source = public.get(grade_id(cell), "# (test cell)")
        failure = _failure(cell)
        kept = [o for o in cell.outputs if o.output_type != "error"]
        if failure is not None:
            ename, evalue = failure
            kept.append(nbformat.v4.new_output(
                "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
            ))  # fmt: skip
        cell.outputs = kept
    return nb


class HideHiddenTests(NbGraderPreprocessor):
    """nbgrader feedback step: see the module docstring."""

    release_dir = Unicode("release", help="The course's release folder.").tag(config=True)

    def preprocess(self, nb, resources):
        release_nb = release_notebook_of(resources, self.release_dir)
        return sanitize(nb, nbformat.read(release_nb, as_version=4)), resources
