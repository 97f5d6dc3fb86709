"""One module per `course` command, named after it (`course sample-class`: sample_class.py).

Each module has ``configure(subparsers)``, which adds the command's parser, and ``run(args)``,
which runs it and returns the exit code; ``course.cli`` only puts them together. What they
print goes through ``console`` (student text through ``plain``).
"""

from __future__ import annotations

from rich.console import Console

from course.grading.grades import plain

# Score tables are wide: never squeeze them into a narrow or missing terminal. No markup: much
# of what is printed comes from students (ids, messages, file names), and a "[/]" in it would
# be an error as markup; colours are given as styles, student text goes through plain.
console = Console(width=max(160, Console().width), markup=False)

__all__ = ["console", "plain"]
