"""Fetch and verify the data folder, and the student command ``python -m assignments.data``.

``python -m assignments.data fetch [NAME ...]`` fills the data folder (``<course>/datasets`` in a
course folder, else ``$COURSE_DATA_DIR`` or the per-user folder) with verified copies, and
``python -m assignments.data verify`` checks every copy found; see :mod:`assignments.data` for
where files are looked for and downloaded from. Plain text, numpy only; the exit code is 0 when
every file asked for is in place and verified, 1 otherwise. The instructor's ``course data``
command calls :func:`fetch_all` and :func:`verify_all` with its own :class:`Advice`.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from assignments.data import (
    COPIED,
    CORRUPT,
    DOWNLOADED,
    ENV_MIRROR,
    MISSING,
    OK,
    PRESENT,
    STUDENT_ADVICE,
    Advice,
    CorruptDataFile,
    DataFile,
    DataFileError,
    Manifest,
    _download,
    _install,
    _mirror,
    _missing_message,
    _problem,
    _Rejected,
    _search_folders,
    load_manifest,
    verify_file,
)


@dataclass(frozen=True)
class FetchResult:
    """Outcome for one file: ``status`` is one of present, copied, downloaded, ok, missing,
    corrupt (the constants of :mod:`assignments.data`)."""

    name: str
    status: str
    path: Path | None
    message: str = ""
    provides: str = ""


def _copy_sources(manifest: Manifest, source: Path | None) -> list[tuple[str, Path | None]]:
    """Folders fetch copies from: ``source``, then the lookup folders but the data folder (in a
    course folder ``$COURSE_DATA_DIR`` and ``../shared/datasets``)."""
    folders = [("--source", source)] if source is not None else []
    folders += _search_folders(manifest)
    data_dir = manifest.data_dir.resolve()
    return [(lab, f) for lab, f in folders if f is None or f.resolve() != data_dir]


def _try_copy(
    spec: DataFile, manifest: Manifest, source: Path | None, notes: list[str]
) -> Path | None:
    """Copy the first verified copy of ``spec`` from the copy sources into the data folder;
    returns the path of the copy used, or None."""
    for label, folder in _copy_sources(manifest, source):
        candidate = folder / spec.name if folder is not None else None
        if candidate is None or not candidate.is_file():
            notes.append(f"{candidate or label}: " + ("not there" if candidate else "not set"))
            continue
        found = _problem(candidate, spec)
        if found is not None:
            notes.append(f"{candidate}: {found[0]}")
            continue
        try:
            _install(spec, manifest.data_dir, _copier(candidate))
        except (_Rejected, OSError) as err:
            notes.append(f"{candidate}: copy failed ({err})")
            continue
        return candidate
    return None


def _copier(src: Path) -> Callable[[IO[bytes]], None]:
    """A writer that copies the bytes of ``src``."""

    def write(out: IO[bytes]) -> None:
        with open(src, "rb") as handle:
            shutil.copyfileobj(handle, out, 1 << 20)

    return write


def _fetch_forms(
    forms: Sequence[DataFile],
    manifest: Manifest,
    options: tuple[Path | None, str | None, bool],
    advice: Advice,
) -> list[FetchResult]:
    """Make sure the data folder holds one verified file among ``forms`` (the forms of one data
    set, in order of preference); ``options`` are (source, mirror, download)."""
    source, mirror, download = options
    dataset, dest_dir = forms[0].provides, manifest.data_dir
    results: list[FetchResult] = []
    usable: list[DataFile] = []
    for spec in forms:
        dest = dest_dir / spec.name
        if not dest.is_file():
            usable.append(spec)
            continue
        try:
            verify_file(dest, spec)
        except CorruptDataFile as err:
            fix = f"{err.reason}; delete it and run `{advice.fetch}` again"
            results.append(FetchResult(spec.name, CORRUPT, dest, fix, dataset))
            continue
        return [*results, FetchResult(spec.name, PRESENT, dest, "verified", dataset)]
    notes: list[str] = []
    for spec in usable:
        origin = _try_copy(spec, manifest, source, notes)
        if origin is not None:
            result = FetchResult(spec.name, COPIED, dest_dir / spec.name, f"from {origin}", dataset)
            return [*results, result]
    if download and usable:
        got, url, tried = _download(usable, dest_dir, mirror)
        notes += tried
        if got is not None:
            result = FetchResult(got.name, DOWNLOADED, dest_dir / got.name, f"from {url}", dataset)
            return [*results, result]
    if results or not usable:
        return results
    if not download:
        notes.append("download: skipped (--no-download)")
    message = _missing_message(usable, notes, manifest, advice)
    return [FetchResult(usable[0].name, MISSING, None, message, dataset)]


def _wanted(manifest: Manifest, names: Sequence[str] | None) -> list[tuple[DataFile, ...]]:
    """The groups of files to fetch: every data set (all its forms), or each name given (a
    data set, or one file). Raises DataFileError for a name the manifest lacks."""
    datasets = manifest.dataset_names()
    files = [spec.name for spec in manifest.files]
    unknown = [name for name in names or () if name not in datasets and name not in files]
    if unknown:
        raise DataFileError(
            f"not in the manifest: {', '.join(unknown)}\n  data sets: {', '.join(datasets)}\n"
            f"  files: {', '.join(files)}"
        )
    if not names:
        return [manifest.forms(dataset) for dataset in datasets]
    return [manifest.forms(n) if n in datasets else (manifest.file(n),) for n in names]


def fetch_all(
    *,
    names: Sequence[str] | None = None,
    source: Path | None = None,
    mirror: str | None = None,
    download: bool = True,
    manifest: Manifest | None = None,
    advice: Advice = STUDENT_ADVICE,
) -> list[FetchResult]:
    """Fill the data folder with one verified file per data set of the manifest (or per name
    of ``names``: data sets or file names).

    Copies from ``source`` and, in a course folder, ``$COURSE_DATA_DIR`` or ``../shared/datasets``,
    else downloads (``mirror`` or ``$COURSE_DATA_MIRROR`` first). Never deletes or overwrites a
    file already in the data folder: a corrupt one is reported as ``corrupt``. The SIGNS training
    set is satisfied by either train_signs.h5 or train_signs_64.h5. ``advice`` words the fixes.
    """
    manifest = manifest if manifest is not None else load_manifest()
    if source is not None and not Path(source).is_dir():
        raise DataFileError(f"--source folder does not exist: {source}")
    options = (Path(source) if source is not None else None, _mirror(mirror), download)
    return [
        result
        for forms in _wanted(manifest, names)
        for result in _fetch_forms(forms, manifest, options, advice)
    ]


def verify_all(
    *, manifest: Manifest | None = None, advice: Advice = STUDENT_ADVICE
) -> list[FetchResult]:
    """Check every copy of every manifest file in the lookup folders (no download).

    One result per copy found (``ok`` or ``corrupt``), plus ``missing`` for a data set with no
    valid copy anywhere. ``advice`` words the fixes.
    """
    manifest = manifest if manifest is not None else load_manifest()
    results: list[FetchResult] = []
    folders = [f for _, f in _search_folders(manifest) if f is not None]
    folders = list({f.resolve(): f for f in folders}.values())
    for dataset in manifest.dataset_names():
        forms = manifest.forms(dataset)
        found = [r for spec in forms for r in _verify_copies(spec, folders, advice)]
        if not any(r.status == OK for r in found):
            looked = [f"{folder / s.name}: no valid copy" for s in forms for folder in folders]
            message = _missing_message(forms, looked, manifest, advice)
            found.append(FetchResult(forms[0].name, MISSING, None, message, dataset))
        results += found
    return results


def _verify_copies(spec: DataFile, folders: Iterable[Path], advice: Advice) -> list[FetchResult]:
    """ok / corrupt results for each copy of ``spec`` in ``folders``."""
    results = []
    for folder in folders:
        path = folder / spec.name
        if path.is_file():
            found = _problem(path, spec)
            status, message = (OK, "verified") if found is None else (CORRUPT, found[0])
            if found is not None:
                message += f"; delete it and run `{advice.fetch}`"
            results.append(FetchResult(spec.name, status, path, message, spec.provides))
    return results


# --------------------------------------------------------------------------- command


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m assignments.data fetch [NAME ...] | verify``: plain text; 0 when every file
    asked for is in place and verified, 1 otherwise (2 for a usage error)."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m assignments.data", description="Get and check the course's data files."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    fetch = sub.add_parser("fetch", help="download the data files (all, or NAME ...), verified")
    fetch.add_argument("names", nargs="*", metavar="NAME", help="a file or data set name")
    fetch.add_argument("--mirror", metavar="URL", help=f"tried first (default: ${ENV_MIRROR})")
    sub.add_parser("verify", help="check the size and sha256 of every data file found")
    args = parser.parse_args(argv)
    try:
        manifest = load_manifest()
        print(f"Data folder: {manifest.data_dir}", flush=True)
        if args.command == "fetch":
            results = fetch_all(names=args.names, mirror=args.mirror, manifest=manifest)
        else:
            results = verify_all(manifest=manifest)
    except DataFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for res in results:
        print(f"{res.status:<10} {res.name:<20} {res.path or ''}".rstrip())
        if res.message and res.message != "verified":
            print(textwrap.indent(res.message, "    "))
    bad = sum(res.status in (MISSING, CORRUPT) for res in results)
    print(f"{bad} problem(s): see above." if bad else "Every data file is in place and verified.")
    return int(bad > 0)
