"""The instructor side of the course: grading with nbgrader, the ``course`` command, the
sample classes, data rebuilding and the student kit. Never installed on students' machines;
the student package is ``assignments`` (see ``course.kit`` for what students get)."""
