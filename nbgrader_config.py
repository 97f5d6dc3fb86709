"""nbgrader configuration of the course (the repo root is the nbgrader course directory).

Every setting here is read by `nbgrader ...` and by the `course` command, which drives
nbgrader through its Python API with this same file.
"""

import os

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
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# --- release --------------------------------------------------------------------------
# The release starts from clean notebooks: no outputs of the instructor's run.
c.ClearOutput.enabled = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearHiddenTests.enabled = True
# Test cells and instructions are read-only for students (nbgrader checksums them).
c.LockCells.lock_grade_cells = True
c.LockCells.lock_readonly_cells = True

# --- autograde ------------------------------------------------------------------------
# A student who deleted a test cell gets it back instead of losing its points silently.
c.OverwriteCells.add_missing_cells = True
# Per-cell time limit (seconds). A correct but naive looped solution needs < 5 s per cell.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# (nbgrader's Execute always runs every cell even after an error, so one broken
# function costs only its own tests.)
# Students' print loops cannot flood the gradebook or the feedback.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 100
