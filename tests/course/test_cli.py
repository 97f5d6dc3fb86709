"""A maintainer finds a command's code from its name: `course student-kit` is
course/commands/student_kit.py, and every module there is a command."""

from __future__ import annotations

from pathlib import Path

from course import cli, commands


def _subcommands() -> dict[str, object]:
    sub = next(a for a in cli.parser()._actions if a.dest == "command")
    return dict(sub.choices)


def test_every_command_is_the_module_named_after_it():
    modules = sorted(
        p.stem for p in Path(commands.__file__).parent.glob("*.py") if p.stem != "__init__"
    )
    names = _subcommands()
    assert sorted(name.replace("-", "_") for name in names) == modules
    for name, subparser in names.items():
        run = subparser.get_default("run")
        assert run.__module__ == f"course.commands.{name.replace('-', '_')}", name


def test_the_help_lists_every_command():
    assert sorted(_subcommands()) == sorted(
        line.split()[1] for line in cli.__doc__.splitlines() if line.startswith("course ")
    )
