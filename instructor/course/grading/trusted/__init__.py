"""Trusted verification: every graded function re-checked outside the student's kernel.

nbgrader runs the hidden tests inside the student's kernel, where the student's code can
monkey-patch NumPy or return an array whose ``__eq__`` lies. Here the verdict is reached in the
grader's own process instead:

1. the submission's code (its code cells except nbgrader's grade and locked cells, IPython
   magics and shell lines removed, after the assignment's ``PRELUDE``) is run by
   :mod:`course.grading.trusted_worker` in a fresh process inside the grading sandbox
   (:mod:`course.grading.sandbox`), which calls each graded function on the hidden cases of
   ``source/<assignment>/trusted_cases.py``;
2. what each call returned (and its arguments afterwards, to catch in-place changes) comes
   back as plain data: None, bools, ints, floats, strings, tuples, lists, str-keyed dicts and
   numeric or boolean arrays, nothing that unpickles or runs code;
3. the grader validates that data and compares it with what the reference solution of the
   source notebook returns on the same cases, computed here: the structure must match (tuple
   or list and its length, dict keys, a number versus an array), shapes must be equal, a
   floating-point result must be a float array that agrees within the course's tolerance
   rule (:func:`assignments.checks.tolerance`: normwise, by the precision the student computed
   in; NaN or inf where the reference is finite fails), a boolean result is
   compared as booleans (1/0 integers accepted, as in the notebook's tests), and the
   arguments must be unchanged after the call.

The modules, in the order a verification uses them:

- :mod:`.spec`: ``trusted_cases.py`` loaded and checked (cases, tolerances, ``ISOLATE``);
- :mod:`.notebook`: the submission's code and the source notebook's reference functions;
- :mod:`.prepare`: the cases with the reference's results and their encoding, cached;
- :mod:`.protocol`: the wire format, shared with the worker (which loads it by its path);
- :mod:`.runner`: the worker process, dependency answers, reruns, :func:`verify`;
- :mod:`.stream`: one run's frames, checked to come in order;
- :mod:`.compare`: values compared by the tolerance rule, and the reasons of a failure.

Why forging the channel gains nothing
-------------------------------------
The student's code runs in the worker's process, so it can read the token, write frames of its
own or alter the worker. But the expected outputs never enter the sandbox: the reference runs
here. A frame can therefore only carry values that the student's code computed itself, and a
forged stream that passes is a correct implementation of the hidden cases, no more. Everything
read from the sandbox is treated as hostile data: npz members must be stored uncompressed, with
a numeric or boolean dtype and a header that fits their size (no pickle, no decompression
bomb), JSON nodes are checked for type, depth and length, frames out of order stop the run,
messages are cut to one printable line. A forged stream can fail the student's own functions;
it cannot crash or confuse the grader.

Reasons name the failing case by its shapes and hyperparameters, never by expected values. The
hidden inputs do enter the sandbox (the functions are called on them) and an exception message
of the student's code is quoted in a reason (one line, at most 200 characters).
"""

from course.grading.cells import NotebookError
from course.grading.trusted.compare import Verdict
from course.grading.trusted.notebook import reference_functions, student_code
from course.grading.trusted.protocol import ProtocolError
from course.grading.trusted.runner import (
    CALL_SECONDS,
    WORKER,
    TrustedResult,
    _memory_room,
    verify,
)
from course.grading.trusted.spec import CASES_FILE, Case, Spec, case, load_spec

__all__ = [
    "CALL_SECONDS",
    "CASES_FILE",
    "WORKER",
    "Case",
    "NotebookError",
    "ProtocolError",
    "Spec",
    "TrustedResult",
    "Verdict",
    "_memory_room",
    "case",
    "load_spec",
    "reference_functions",
    "student_code",
    "verify",
]
