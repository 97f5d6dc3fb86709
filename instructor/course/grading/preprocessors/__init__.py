"""The course's steps in nbgrader's pipelines (see nbgrader_config.py), one module each, named
after what the step does, verb and noun, as nbgrader names its own (``ClearSolutions``,
``LockCells``):

restore_layout.RestoreLayout          sanitize: put moved, renamed, copied or deleted cells back
                                      in the release's layout (course.grading.canonical)
execute_in_sandbox.ExecuteInSandbox   autograde: run the notebook in the sandboxed kernel,
                                      surviving cells that crash or hang it
demote_stderr.DemoteStderr            autograde: a warning on stderr never fails a test
late_penalty.CoursePenalty            autograde: the late penalty (a LateSubmissionPlugin of
                                      nbgrader's AssignLatePenalties, not a preprocessor;
                                      course.grading.late)
hide_hidden_tests.HideHiddenTests     generate_feedback: no hidden test, value or grader text
                                      in the feedback (course.grading.feedback)
"""
