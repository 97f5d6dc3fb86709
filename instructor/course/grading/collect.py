"""Import the notebooks an LMS exports into nbgrader's ``submitted/`` layout (``course collect``).

An LMS hands the instructor one file per student, with the student's id in the file name:
Canvas writes ``<login>_<userid>_<submissionid>_<original name>.ipynb`` (``<login>_LATE_...``
for late work), other systems ``<id>.ipynb`` or ``<id>_<anything>.ipynb``. The default pattern
takes the text before the first underscore (the whole name when there is none); ``--pattern``
takes any regular expression with a group named ``student``.

Each notebook is copied to ``submitted/<student>/<slug>/<release notebook name>`` with a
``timestamp.txt`` (the time the file was last modified, or the time recorded in the zip
archive, in UTC), which nbgrader uses to tell late submissions. Nothing is overwritten
silently and nothing is dropped silently: a file that is not a notebook, a name the pattern
does not match, an unsafe student id, an id that names a file of submitted/ (its README.md),
a second file for the same student (the newest one is kept), or a file that cannot be read
(a damaged zip entry, an impossible date) is reported with what to do, and the other files
are placed.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from course.layout import release_notebook

DEFAULT_PATTERN = r"^(?P<student>[^_]+)"
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.@+-]{0,99}$")


@dataclass
class Collected:
    """What ``course collect`` did."""

    placed: dict[str, str] = field(default_factory=dict)  # student -> file it came from
    skipped: list[str] = field(default_factory=list)  # one line per file not placed


@dataclass
class _Candidate:
    name: str  # file name as the LMS gave it
    modified: datetime | None  # UTC; None: the archive's date is not a date
    read: Callable[[], bytes]


def _from_folder(folder: Path) -> list[_Candidate]:
    return [
        _Candidate(p.name, datetime.fromtimestamp(p.stat().st_mtime, UTC), p.read_bytes)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


def _from_zip(archive: Path) -> list[_Candidate]:
    with zipfile.ZipFile(archive) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
    candidates = []
    for info in infos:

        def read(info=info):
            with zipfile.ZipFile(archive) as zf:
                return zf.read(info)

        try:
            modified: datetime | None = datetime(*info.date_time, tzinfo=UTC)
        except ValueError:  # a zip records any six numbers, month 0 included
            modified = None
        candidates.append(_Candidate(PurePosixPath(info.filename).name, modified, read))
    return candidates


def collect(root: Path, slug: str, source: Path, pattern: str = DEFAULT_PATTERN) -> Collected:
    """Place every student notebook of ``source`` (a folder or a .zip) into submitted/."""
    target_name = release_notebook(root, slug).name
    regex = re.compile(pattern)
    if "student" not in regex.groupindex:
        raise ValueError(f"--pattern {pattern!r} needs a group named student: (?P<student>...)")
    if source.is_dir():
        candidates = _from_folder(source)
    elif zipfile.is_zipfile(source):
        candidates = _from_zip(source)
    else:
        raise FileNotFoundError(f"{source} is neither a folder nor a zip archive.")

    outcome = Collected()
    chosen: dict[str, _Candidate] = {}
    for candidate in candidates:
        if candidate.modified is None:
            outcome.skipped.append(
                f"{candidate.name}: the archive records no valid time for it (needed for "
                "lateness); not placed: export it again or place it by hand"
            )
            continue
        if not candidate.name.endswith(".ipynb"):
            outcome.skipped.append(f"{candidate.name}: not a notebook (.ipynb); not placed")
            continue
        match = regex.search(candidate.name.removesuffix(".ipynb"))
        student = match.group("student") if match else None
        if not student:
            outcome.skipped.append(
                f"{candidate.name}: no student id found with the pattern {pattern!r}; "
                "rename the file or pass --pattern"
            )
            continue
        if not SAFE_ID.match(student):
            outcome.skipped.append(
                f"{candidate.name}: {student!r} is not a usable student id (letters, digits, "
                "'.', '@', '+', '-'); rename the file"
            )
            continue
        taken = root / "submitted" / student
        if taken.exists() and not taken.is_dir():
            outcome.skipped.append(
                f"{candidate.name}: its student id {student!r} is the name of a file in "
                "submitted/, not a student's folder; rename the file or pass --pattern"
            )
            continue
        earlier = chosen.get(student)
        if earlier is not None:
            keep, drop = sorted([earlier, candidate], key=lambda c: (c.modified, c.name))[::-1]
            outcome.skipped.append(
                f"{drop.name}: a second file of {student} (kept the newest, {keep.name})"
            )
            chosen[student] = keep
            continue
        chosen[student] = candidate

    for student, candidate in sorted(chosen.items()):
        try:
            content = candidate.read()  # before the old copy goes: a bad entry replaces nothing
        except Exception as err:  # zipfile raises BadZipFile, NotImplementedError, RuntimeError...
            outcome.skipped.append(
                f"{candidate.name}: could not be read ({type(err).__name__}: {err}); not placed"
            )
            continue
        folder = root / "submitted" / student / slug
        try:
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            (folder / target_name).write_bytes(content)
            stamp = candidate.modified.strftime("%Y-%m-%d %H:%M:%S.%f UTC")
            (folder / "timestamp.txt").write_text(stamp + "\n")
        except OSError as err:
            outcome.skipped.append(f"{candidate.name}: could not be placed in {folder} ({err})")
            continue
        outcome.placed[student] = candidate.name
    return outcome
