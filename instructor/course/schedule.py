"""The course's order, and which parts of the student package reach students when.

Students take the assignments in :data:`COURSE_ORDER`. While an assignment is open, a student
has its release notebook, the earlier assignments and the student package as it stands for
that assignment; none of it may hold a working version of a graded function of the open
assignment or a later one. Most of the package (checks, plots, the runtime, the data
loaders, the activations) answers nothing. The modules in :data:`RELEASED_WITH` do answer
graded functions of an earlier assignment, as helpers do in the original course (its
``dnn_utils`` were ``dnn_step_by_step``'s answers): each reaches students only with the first
assignment that needs it, in the student kit (``course student-kit --through``) and in the
grading sandbox (which shows student code the package as it stands for the assignment being
graded).
"""

from __future__ import annotations

from pathlib import Path

COURSE_ORDER = (
    "dnn_step_by_step",
    "dnn_application",
    "initialization",
    "regularization",
    "gradient_checking",
    "conv_step_by_step",
    "conv_application",
)

# student-package file (relative to the package folder) -> the assignment it comes with, and
# what it would answer earlier
RELEASED_WITH = {
    # the fast layers: conv_step_by_step's conv_forward, pool_forward, conv_backward,
    # pool_backward, zero_pad, create_mask_from_window; dnn_step_by_step's linear_forward
    "nn/layers.py": "conv_application",
    # the three-layer network of course 2: dnn_step_by_step's compute_cost, update_parameters
    "nn/three_layer.py": "initialization",
    # its initializer: initialization's initialize_parameters_he (times sqrt(2))
    "nn/initializers.py": "regularization",
}


def position(slug: str) -> int:
    """The place of ``slug`` in the course order; a clear error for an unknown one."""
    if slug not in COURSE_ORDER:
        raise ValueError(f"{slug!r} is no assignment of the course ({', '.join(COURSE_ORDER)}).")
    return COURSE_ORDER.index(slug)


def through(slug: str | None) -> list[str]:
    """The assignments a student has once ``slug`` is open (all of them for None)."""
    return list(COURSE_ORDER[: position(slug) + 1] if slug else COURSE_ORDER)


def withheld(slug: str | None) -> list[str]:
    """Student-package files (relative to the package) a student does not have yet while
    ``slug`` is open (none for None: the whole course)."""
    if slug is None:
        return []
    return sorted(f for f, first in RELEASED_WITH.items() if position(first) > position(slug))


def package_files(package: Path, slug: str | None) -> list[Path]:
    """The files of the student package at ``package`` that students have while ``slug`` is
    open: the package's sources and data, without caches and the withheld modules."""
    hidden = set(withheld(slug))
    return sorted(
        path
        for path in package.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix in (".py", ".json", ".typed")
        and path.relative_to(package).as_posix() not in hidden
    )
