"""Feedback that never shows hidden tests or hidden inputs (cf. jupyter/nbgrader#917).

nbgrader builds feedback from the autograded notebook, in which every test cell holds its
hidden tests, and a failing hidden test prints its code and values in the traceback. The
step ``HideHiddenTests`` (preprocessors/hide_hidden_tests.py), run by ``nbgrader
generate_feedback`` before the HTML is written, applies ``sanitize``:

- puts back the release's version of every test cell (visible tests only);
- gives every test cell one output decided by the grader, never text produced while the
  grader ran it: "passed"; when the visible tests failed, the failure the student's own
  notebook showed for that cell (what they saw while working, one line), or a fixed sentence
  that asks them to run all cells when their notebook showed none; when the visible tests had
  passed, a sentence that says the hidden tests failed, without code, values or inputs; a
  function left unimplemented gets the course's own "not implemented yet" sentence;
- shows every other code cell with the outputs the student submitted, not those of the
  grader's run (where student code may have kept what hidden tests printed and shown it
  later). A cell the submission does not have keeps no output.

Everything the grading kernel produces is the student's to shape: a ``pre_run_cell`` hook
sees each test cell's source, hidden tests included, and may raise an exception whose class
name or message is that source (the red team's round 3 did, through the class name). So no
text of the grader's run reaches the feedback: only the verdict (from the kernel, then judged
again by trusted verification outside it) and what the student handed in. Hidden kernel tests
only decide the kernel's verdict; trusted verification judges every function again on cases
that never enter the kernel.

``generate_feedback`` runs nbgrader's generate_feedback for `course feedback`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from assignments.checks import NOT_IMPLEMENTED
from course.grading.cells import grade_id, graded_function_name, nbgrader_meta

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


MESSAGE_LIMIT = 300  # characters of a failure's message shown in the feedback or a report
NAME_LIMIT = 60  # characters of an exception's class name (any string is a valid one)
RUN_ALL = (
    "The visible tests of this function failed when your notebook was graded. Restart the "
    "kernel and run all cells to see their message: the notebook you handed in did not show it."
)


def _name(ename: object) -> str:
    """An exception's class name as shown: a dotted identifier of at most NAME_LIMIT
    characters, else "Error" (a class name can be any string: a whole hidden test)."""
    if isinstance(ename, str) and ename.replace(".", "_").isidentifier():
        return ename if len(ename) <= NAME_LIMIT else "Error"
    return "Error"


def _clip(evalue: object) -> str:
    text = evalue if isinstance(evalue, str) else ""
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 3] + "..."


def first_failure(cell: NotebookNode) -> str | None:
    """The failure of :func:`_failure` in one line (``Name: message``, clipped), or None: the
    message for the instructor's class report."""
    failure = _failure(cell)
    if failure is None:
        return None
    ename, evalue = _name(failure[0]), _clip(failure[1])
    message = f"{ename}: {evalue}".strip()
    return message.splitlines()[0] if message else ename


def _course_message(failure: tuple[str, str], functions: set[str]) -> tuple[str, str] | None:
    """A failure whose message the grader can write itself, from its own text: a graded
    function of this notebook that is not implemented yet. None for any other failure."""
    ename, evalue = failure
    match = re.match(r"(\w+) is not implemented yet: ", evalue if isinstance(evalue, str) else "")
    if ename == "CheckError" and match and match.group(1) in functions:
        return "CheckError", NOT_IMPLEMENTED.format(name=match.group(1))
    return None


def _own_failure(outputs: list) -> tuple[str, str] | None:
    """The first error among a test cell's outputs in the submitted notebook (the student's
    own run), as ``(name, one-line message)``, or None."""
    for output in outputs:
        if output.get("output_type") == "error":
            lines = _clip(output.get("evalue", "")).splitlines()
            return _name(output.get("ename")), lines[0] if lines else ""
    return None


def _key(cell: NotebookNode) -> str:
    return grade_id(cell) or str(cell.get("id", ""))


def sanitize(
    nb: NotebookNode, release: NotebookNode, submitted: NotebookNode | None = None
) -> NotebookNode:
    """The autograded notebook ``nb`` with hidden tests and everything printed while they ran
    removed; other code cells get their outputs from the ``submitted`` notebook."""
    public = {grade_id(c): c.source for c in release.cells if grade_id(c)}
    functions = {name for c in release.cells if (name := graded_function_name(c))}
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
        if failure[0] == "HiddenTestsFailed":
            ename, evalue = failure
        else:
            ename, evalue = (
                _own_failure(theirs.get(_key(cell), []))
                or _course_message(failure, functions)
                or ("TestFailed", RUN_ALL)
            )
        cell.outputs = [nbformat.v4.new_output(
            "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
        )]  # fmt: skip
    return nb


def generate_feedback(root: Path, slug: str, students: list[str]) -> dict[str, str]:
    """Write feedback/<student>/<slug>/*.html for graded students; return errors by student."""
    # here, not at the top: nbgrader_config.py imports this module (through HideHiddenTests)
    from course.grading.gradebook import nbgrader_api, nbgrader_error, stderr_to

    api = nbgrader_api(root)
    errors = {}
    with stderr_to(root / "reports" / slug / "feedback.log"):
        for student in students:
            outcome = api.generate_feedback(slug, student, force=True)
            if not outcome["success"]:
                sys.stderr.write(f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}\n")
                errors[student] = nbgrader_error(outcome)
    return errors
