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


def first_failure(cell: NotebookNode) -> str | None:
    """What a test cell's failure tells the student, in one line: the first error of the visible
    tests (``Name: message``), or HIDDEN_FAILED when the visible tests had passed; None when
    the cell did not fail. Never a hidden test's own message (it may quote hidden values)."""
    errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
    if not errors:
        return None
    if VISIBLE_PASSED in _text(cell):
        return f"HiddenTestsFailed: {HIDDEN_FAILED}"
    first = errors[0]
    message = f"{first.ename}: {first.evalue}".strip()
    return message.splitlines()[0] if message else first.ename


def sanitize(nb: NotebookNode, release: NotebookNode) -> NotebookNode:
    """The autograded notebook ``nb`` with hidden tests and their traces removed."""
    public = {grade_id(c): c.source for c in release.cells if grade_id(c)}
    for cell in nb.cells:
        if cell.cell_type != "code" or not nbgrader_meta(cell).get("grade"):
            continue
        cell.source = public.get(grade_id(cell), "# (test cell)")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        kept = [o for o in cell.outputs if o.output_type != "error"]
        if errors and VISIBLE_PASSED in _text(cell):
            kept.append(
                nbformat.v4.new_output("error", ename="HiddenTestsFailed", evalue=HIDDEN_FAILED,
                                       traceback=[f"HiddenTestsFailed: {HIDDEN_FAILED}"])
            )  # fmt: skip
        elif errors:
            first = errors[0]
            line = f"{first.ename}: {first.evalue}"
            kept.append(nbformat.v4.new_output(
                "error", ename=first.ename, evalue=first.evalue, traceback=[line]
            ))  # fmt: skip
        cell.outputs = kept
    return nb


class HideHiddenTests(NbGraderPreprocessor):
    """nbgrader feedback step: see the module docstring."""

    release_dir = Unicode("release", help="The course's release folder.").tag(config=True)

    def preprocess(self, nb, resources):
        release_nb = release_notebook_of(resources, self.release_dir)
        return sanitize(nb, nbformat.read(release_nb, as_version=4)), resources
