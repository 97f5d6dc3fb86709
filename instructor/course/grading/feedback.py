"""Feedback that never shows hidden tests or hidden inputs (cf. jupyter/nbgrader#917).

nbgrader builds feedback from the autograded notebook, in which every test cell holds its
hidden tests, and a failing hidden test prints its code and values in the traceback. This
step, run by ``nbgrader generate_feedback`` before the HTML is written:

- puts back the release's version of every test cell (visible tests only);
- gives every test cell one output decided by the grader, never what the cell printed while
  its hidden tests ran (a student's ``pre_run_cell`` hook can print a cell's source, hidden
  tests included): "passed", the one-line message of a failure of the visible tests (what
  the student saw while working, without the traceback), or, when the visible tests had
  passed, a sentence that says the hidden tests failed, without code, values or inputs;
- shows every other code cell with the outputs the student submitted, not those of the
  grader's run (where student code may have kept what hidden tests printed and shown it
  later). A cell the submission does not have keeps no output.

Residual risk, accepted: the kernel decides whether a failure came from the visible or the
hidden tests (by the line the visible tests print when they pass), and student code in the
kernel can clear that line; the message of a hidden test's failure could then reach the
feedback, at most 300 characters of it. Hidden kernel tests only decide the kernel's verdict:
trusted verification judges every function again on cases that never enter the kernel.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from course.grading.cells import grade_id, nbgrader_meta, release_notebook_of

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


MESSAGE_LIMIT = 300  # characters of a failure's message shown in the feedback


def _key(cell: NotebookNode) -> str:
    return grade_id(cell) or str(cell.get("id", ""))


def sanitize(
    nb: NotebookNode, release: NotebookNode, submitted: NotebookNode | None = None
) -> NotebookNode:
    """The autograded notebook ``nb`` with hidden tests and everything printed while they ran
    removed; other code cells get their outputs from the ``submitted`` notebook."""
    public = {grade_id(c): c.source for c in release.cells if grade_id(c)}
    theirs = {
        _key(c): c.get("outputs", [])
        for c in (submitted.cells if submitted is not None else [])
        if c.cell_type == "code" and _key(c)
    }
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if not nbgrader_meta(cell).get("grade"):
            cell.outputs = theirs.get(_key(cell), [])
            continue
        cell.source = public.get(grade_id(cell), "# (test cell)")
        failure = _failure(cell)
        if failure is None:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Passed.\n")]
            continue
        ename, evalue = failure
        evalue = evalue if len(evalue) <= MESSAGE_LIMIT else evalue[: MESSAGE_LIMIT - 3] + "..."
        cell.outputs = [nbformat.v4.new_output(
            "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
        )]  # fmt: skip
    return nb


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
    """nbgrader feedback step: see the module docstring."""

    release_dir = Unicode("release", help="The course's release folder.").tag(config=True)
    submitted_dir = Unicode("submitted", help="The course's submitted folder.").tag(config=True)

    def preprocess(self, nb, resources):
        release_nb = release_notebook_of(resources, self.release_dir)
        release = nbformat.read(release_nb, as_version=4)
        return sanitize(nb, release, _submitted(resources, self.submitted_dir)), resources
