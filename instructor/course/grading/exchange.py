"""nbgrader's exchange, with submission times the student cannot forge.

``nbgrader submit`` writes the submission into the exchange's inbound folder as
``<student>+<assignment>+<timestamp>+<random>/`` with a ``timestamp.txt``; the folder belongs
to the student afterwards, and ``nbgrader collect`` believes both the folder name and the
file. A student could rename the folder or rewrite ``timestamp.txt`` after the deadline (or
create a backdated folder from scratch) and escape the late penalty.

What an ordinary user cannot set is a file's *change time* (``st_ctime``): the kernel sets it
to the current time on every write, rename or ``utime`` call. :class:`CheckedCollect` reads
the latest change time of everything in a submission folder; when it is later than the
claimed time by more than :attr:`CheckedCollect.ctime_slack` seconds (``nbgrader submit``
itself takes a moment to copy the files), the submission counts as made at that change time,
the collected ``timestamp.txt`` says so, and collect logs a warning naming the student. A
symbolic link in a submission counts with the change time of what it points to and is not
collected. An honest submission is collected exactly as nbgrader collects it.

Enabled in ``nbgrader_config.py`` with ``c.ExchangeFactory.collect``. Collect from the
exchange folder itself: a copy (a backup, ``cp -a``) gets new change times and every
submission would look late.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
from pathlib import Path

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import Integer


def survey(folder: str | os.PathLike) -> tuple[float, list[str]]:
    """One walk of a submission folder: the latest ``st_ctime`` (seconds since the epoch) of
    ``folder`` and everything in it, and its symbolic links (relative paths, not followed).
    A link counts with its own change time and that of what it points to (a link made before
    the deadline to a file edited after it dates the submission by the edit)."""
    latest, found = os.lstat(folder).st_ctime, []
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(parent, name)
            latest = max(latest, os.lstat(path).st_ctime)
            if os.path.islink(path):
                found.append(os.path.relpath(path, folder))
                with contextlib.suppress(OSError):
                    latest = max(latest, os.stat(path).st_ctime)
    return latest, sorted(found)


def latest_change(folder: str | os.PathLike) -> float:
    """The latest change time of ``folder`` and everything in it (:func:`survey`)."""
    return survey(folder)[0]


class CheckedCollect(ExchangeCollect):
    """``nbgrader collect`` that dates a submission by its files' change times when the
    student's claimed time is earlier than they allow."""

    ctime_slack = Integer(
        120,
        help="Seconds a submission's files may have changed after its claimed time (the "
        "copy made by `nbgrader submit`, clock differences) before the change time wins.",
    ).tag(config=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._links: dict[str, list[str]] = {}  # submission folder name -> its links

    def _path_to_record(self, path):
        record = super()._path_to_record(path)
        latest, self._links[record["filename"]] = survey(path)
        changed = datetime.datetime.fromtimestamp(latest, datetime.UTC)
        changed = changed.replace(tzinfo=None)  # nbgrader's timestamps are naive UTC
        if (changed - record["timestamp"]).total_seconds() > self.ctime_slack:
            self.log.warning(
                "%s claims to be submitted at %s UTC, but its files were last changed at "
                "%s UTC: collected as submitted then.",
                record["filename"], record["timestamp"], changed,
            )  # fmt: skip
            record["timestamp"] = changed
        return record

    def do_copy(self, src, dest, log=None):
        super().do_copy(src, dest, log=log)
        # nbgrader copies what a link points to; a submission is what the student handed in,
        # so a link is not collected (grading removes links from submissions too)
        name = os.path.basename(src)
        for link in self._links[name] if name in self._links else survey(src)[1]:
            copied = Path(dest, link)
            if copied.is_dir() and not copied.is_symlink():
                shutil.rmtree(copied)
            else:
                copied.unlink(missing_ok=True)
            self.log.warning("%s: %s is a symbolic link; it was not collected.", name, link)
        record = next(r for r in self.src_records if r["filename"] == name)
        # the collected time, whatever the copied timestamp.txt claimed
        Path(dest, "timestamp.txt").write_text(
            record["timestamp"].strftime("%Y-%m-%d %H:%M:%S.%f UTC")
        )
