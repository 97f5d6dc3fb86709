"""nbgrader configuration of the course (the repo root is the nbgrader course directory).

Every setting here is read by `nbgrader ...` and by the `course` command, which drives
nbgrader through its Python API with this same file.
"""

import os

from course.grading.exchange import CheckedCollect
from course.grading.preprocessors.demote_stderr import DemoteStderr
from course.grading.preprocessors.execute_in_sandbox import ExecuteInSandbox
from course.grading.preprocessors.hide_hidden_tests import HideHiddenTests
from course.grading.preprocessors.late_penalty import CoursePenalty
from course.grading.preprocessors.restore_layout import RestoreLayout
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbconvert.preprocessors.sanitize import SanitizeHTML
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    GetGrades,
    LimitOutput,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# The course root is the folder of this file, wherever nbgrader is started from.
_ROOT = os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.getcwd()

# --- course ---------------------------------------------------------------------------
c.CourseDirectory.course_id = "dl-numpy-course"
c.CourseDirectory.root = _ROOT
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_ROOT, "gradebook.db")
# Hidden tests must never reach students: notebooks only, no stray helper files.
# trusted_*.py: the instructor's hidden inputs for trusted verification, never released.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "trusted_*.py",
]

# --- release --------------------------------------------------------------------------
# The release starts from clean notebooks: no outputs of the instructor's run.
c.ClearOutput.enabled = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearHiddenTests.enabled = True
# Test cells and instructions are read-only for students (nbgrader checksums them).
c.LockCells.lock_grade_cells = True
c.LockCells.lock_readonly_cells = True

# --- autograde ------------------------------------------------------------------------
# nbgrader's pipeline with three hardened steps (instructor/course/grading/preprocessors/):
# - RestoreLayout puts moved, renamed, copied or deleted cells back in the release's shape;
# - ExecuteInSandbox runs the kernel in the sandbox (instructor/course/grading/sandbox.py: no
#   network, memory and CPU caps, course files hidden, uid nobody) and survives a cell that
#   crashes or hangs the kernel: the other cells still run and keep their points;
# - DemoteStderr: a warning on stderr never fails a test, only an exception does.
c.Autograde.sanitize_preprocessors = [
    ClearOutput,
    RestoreLayout,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadata,
]
c.Autograde.autograde_preprocessors = [
    ExecuteInSandbox,
    DemoteStderr,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
c.RestoreLayout.release_dir = os.path.join(_ROOT, "release")
# A student who deleted a test cell gets it back instead of losing its points silently.
c.OverwriteCells.add_missing_cells = True
# Wall time per cell (s); a correct but naive looped solution needs < 1 s per cell.
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
# Wall time per notebook (s), output kept per cell (bytes), kernel restarts per notebook.
c.ExecuteInSandbox.notebook_timeout = 900
c.ExecuteInSandbox.max_output_bytes = 100_000  # text per cell
c.ExecuteInSandbox.max_display_bytes = 2_000_000  # figures per cell
c.ExecuteInSandbox.max_recoveries = 8
# Students' print loops cannot flood the gradebook or the feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 100

# --- late submissions --------------------------------------------------------------------
# 10% of the earned points per started day after the due date (`course due SLUG WHEN`);
# see instructor/course/grading/late.py (the plugin: grading/preprocessors/late_penalty.py).
# nbgrader stores the penalty in the gradebook.
c.AssignLatePenalties.plugin_class = CoursePenalty
c.CoursePenalty.per_day = 0.1

# --- the exchange (JupyterHub: nbgrader release_assignment / submit / collect) -----------
# The inbound folder belongs to the student after `nbgrader submit`: collect dates each
# submission by its files' change times when the claimed time is earlier (a rewritten
# timestamp.txt or a renamed folder); see instructor/course/grading/exchange.py.
c.ExchangeFactory.collect = CheckedCollect
c.CheckedCollect.ctime_slack = 120

# --- feedback -------------------------------------------------------------------------
# Feedback shows the release's test cells and one-line failures, never hidden tests, their
# values or their tracebacks (nbgrader's own feedback does: jupyter/nbgrader#917).
# Student Markdown and outputs may hold <script> or onerror=: SanitizeHTML escapes them
# (nbgrader's feedback template ignores HTMLExporter.sanitize_html).
c.GenerateFeedback.preprocessors = [
    HideHiddenTests, SanitizeHTML, GetGrades, CSSHTMLHeaderPreprocessor,
]  # fmt: skip
c.SanitizeHTML.enabled = True  # nbconvert's preprocessors are off unless enabled
c.HideHiddenTests.release_dir = os.path.join(_ROOT, "release")
