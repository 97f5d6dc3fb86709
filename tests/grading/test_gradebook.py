"""course.grading.gradebook: nbgrader's gradebook as the course sets it up."""

import sqlite3
import subprocess
import sys
from pathlib import Path

from course.grading import gradebook
from course.layout import gradebook_url
from nbgrader.api import Gradebook
from nbgrader.dbutil import _temp_alembic_ini

from tests.conftest import copy_course


def test_a_new_gradebook_records_the_schema_head_that_alembic_reports(tmp_path):
    """The head is read in the grader's process instead of by an `alembic heads` process:
    a gradebook made that way records exactly what nbgrader's own way would."""
    root = copy_course(tmp_path / "course")
    gradebook.nbgrader_api(root)  # as every command sets nbgrader up
    with Gradebook(gradebook_url(root)):
        pass
    recorded = sqlite3.connect(root / "gradebook.db").execute(
        "SELECT version_num FROM alembic_version"
    )
    alembic = Path(sys.executable).parent / "alembic"
    with _temp_alembic_ini(gradebook_url(root)) as ini:
        heads = subprocess.run([alembic, "-c", ini, "heads"], capture_output=True, text=True)
    assert heads.returncode == 0, heads.stderr
    assert heads.stdout.split("\n")[0].endswith(" (head)")
    assert recorded.fetchall() == [(heads.stdout.split()[0],)]
