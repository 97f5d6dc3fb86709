"""Course data files: the registry (the manifest), verified lookup and download.

One module of about 560 lines on purpose: finding a file, verifying it and downloading it are
one decision (which folders, in which order, which copy is trusted, what the error says), and
its parts share the manifest's types and the student's advice text. The loaders of each
assignment's arrays are :mod:`assignments.loaders`; the student command
(``python -m assignments.data``) is :mod:`assignments.datafetch`; the instructor's
``course data`` and the SIGNS rebuild are in the instructor package (``course.data``).

Every data file is described in a manifest (name, size, sha256, public URLs, HDF5/MAT keys). A
file is used only after its size and sha256 match the manifest. There are two situations.

**In a course folder**: ``$COURSE_ROOT``, else the nearest folder at or above the working
directory that holds ``datasets/manifest.json`` (else the folder above this package, for an
editable install in a course repository). The manifest is ``<root>/datasets/manifest.json`` and
a file is looked up in (the first folder that holds it wins):

1. ``<root>/datasets/``
2. ``$COURSE_DATA_DIR``
3. ``<root>/../shared/datasets``
4. a download into ``<root>/datasets/``.

**A student install** (the package installed from a wheel, the notebooks in any folder, no
course folder around): the manifest is the copy shipped in the package
(``assignments/manifest.json``) and the data live in one folder, ``$COURSE_DATA_DIR`` if set,
else the per-user folder ``$XDG_CACHE_HOME/dl-course/datasets`` (``~/.cache/dl-course/datasets``
by default). A file not there is downloaded into it.

Downloads try ``$COURSE_DATA_MIRROR/<name>`` first (an ``https://`` URL, a ``file:///folder`` URL
or an absolute folder path; every form of a data set is tried there before any other URL), then
every URL of the manifest in turn. The bytes go to a temporary file, renamed into place only once
their size and sha256 match the manifest.

A file that exists but fails verification raises :class:`CorruptDataFile` at once (the next
folder is not tried, so a broken copy never hides behind a good one). A file found nowhere
raises :class:`MissingDataFile`, listing every place looked and the command that fixes it.

The student command (:mod:`assignments.datafetch`; numpy only, plain text; exit code 0 when
every file asked for is in place and verified, else 1)::

    python -m assignments.data fetch [NAME ...]   # every data set, or the files / data sets named
    python -m assignments.data verify             # check every copy in the data folder(s)

Environment variables: ``COURSE_ROOT`` (the course folder), ``COURSE_DATA_DIR`` (a folder that
holds verified data files), ``COURSE_DATA_MIRROR`` (base URL or folder tried before the
manifest's URLs), ``XDG_CACHE_HOME``. The instructor's ``course data`` command (``course.data``)
builds on this module; messages name its commands only when it passes its own :class:`Advice`.
"""

from __future__ import annotations

import hashlib
import http.client
import importlib.resources
import json
import os
import re
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ENV_ROOT = "COURSE_ROOT"
ENV_DATA_DIR = "COURSE_DATA_DIR"
ENV_MIRROR = "COURSE_DATA_MIRROR"
MANIFEST_RELPATH = Path("datasets") / "manifest.json"
SCHEMA_VERSION = 1
DOWNLOAD_TIMEOUT = 60.0  # seconds without data before a download is abandoned
ENV_CACHE = "XDG_CACHE_HOME"
CACHE_RELPATH = Path("dl-course") / "datasets"  # under $XDG_CACHE_HOME (default ~/.cache)
USER_AGENT = "dl-course-assignments/0.2 (python -m assignments.data; Python urllib)"
FETCH_COMMAND = "python -m assignments.data fetch"
DATA_DIR_HINT = f"export {ENV_DATA_DIR}=/path/to/folder"
MIRROR_HINT = f"export {ENV_MIRROR}=URL (or file:///path/to/folder)"

# Statuses of FetchResult.
PRESENT = "present"  # fetch: already in the data folder and verified
COPIED = "copied"  # fetch (course folder): from --source, $COURSE_DATA_DIR or ../shared/datasets
DOWNLOADED = "downloaded"  # fetch: downloaded and verified
OK = "ok"  # verify: this copy matches the manifest
MISSING = "missing"  # no valid copy of the data set anywhere
CORRUPT = "corrupt"  # a copy exists but its size or sha256 is wrong

SIGNS_DATASET = "signs_train"  # its forms: train_signs.h5, else the rebuild below
SIGNS_REBUILD = "train_signs_64.h5"  # built by the instructor's `course data rebuild-signs`

_HASH_CACHE: dict[tuple[str, int, int], str] = {}


# --------------------------------------------------------------------------- errors


class DataFileError(Exception):
    """A data file, the manifest or the course folder is missing or wrong."""


class MissingDataFile(DataFileError):
    """No copy of a data file was found in any folder, and no download succeeded."""


class CorruptDataFile(DataFileError):
    """A data file exists but its size or sha256 differs from the manifest."""

    def __init__(self, message: str, *, path: Path, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason


class RebuildMismatchWarning(UserWarning):
    """A rebuilt train_signs_64.h5 does not have the manifest's sha256."""


class _Rejected(Exception):
    """A download or copy that was not installed; the text says why."""


@dataclass(frozen=True)
class Advice:
    """What messages tell the reader to do about a missing or corrupt file: ``fetch`` is the
    command that gets verified copies, ``rebuild`` an extra fix for a file of kind "rebuild"
    (or ""). The default is the student's; the instructor's ``course data`` passes its own."""

    fetch: str = FETCH_COMMAND
    rebuild: str = ""


STUDENT_ADVICE = Advice()


# --------------------------------------------------------------------------- manifest


@dataclass(frozen=True)
class DataFile:
    """One entry of ``manifest.json``: a file, its size and sha256, and where to get it."""

    name: str
    provides: str
    sha256: str
    bytes: int
    urls: tuple[str, ...] = ()
    kind: str = "original"
    summary: str = ""
    keys: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Manifest:
    """The parsed manifest: ``<root>/datasets/manifest.json`` of a course folder, or the copy
    shipped in the package (``root`` None: a student install). ``source`` is where it was read."""

    root: Path | None
    files: tuple[DataFile, ...]
    datasets: dict[str, Any] = field(default_factory=dict, compare=False)
    schema_version: int = SCHEMA_VERSION
    source: str = ""

    @property
    def data_dir(self) -> Path:
        """Where fetched and downloaded files go: ``<root>/datasets`` in a course folder, else
        ``$COURSE_DATA_DIR`` if set, else :func:`user_data_dir`."""
        if self.root is not None:
            return self.root / "datasets"
        env = os.environ.get(ENV_DATA_DIR)
        return Path(env).expanduser() if env else user_data_dir()

    def file(self, name: str) -> DataFile:
        """The entry of ``name``; raises DataFileError for a name the manifest lacks."""
        for spec in self.files:
            if spec.name == name:
                return spec
        known = ", ".join(spec.name for spec in self.files)
        raise DataFileError(f"{name!r} is not in the manifest {self.source} (known: {known})")

    def forms(self, dataset: str) -> tuple[DataFile, ...]:
        """Files that provide ``dataset``, in order of preference (manifest order)."""
        forms = tuple(spec for spec in self.files if spec.provides == dataset)
        if not forms:
            raise DataFileError(f"no file in the manifest provides the data set {dataset!r}")
        return forms

    def dataset_names(self) -> list[str]:
        """Logical data sets: declared ones first, then any other ``provides`` value."""
        names = list(self.datasets)
        names += [s.provides for s in self.files if s.provides not in names]
        return list(dict.fromkeys(names))


def user_data_dir() -> Path:
    """The per-user data folder of a student install: ``$XDG_CACHE_HOME/dl-course/datasets``,
    ``~/.cache/dl-course/datasets`` when that variable is unset (or not an absolute path)."""
    cache = Path(os.environ.get(ENV_CACHE) or "~/.cache").expanduser()
    return (cache if cache.is_absolute() else Path.home() / ".cache") / CACHE_RELPATH


def find_course_root() -> Path | None:
    """The course folder: ``$COURSE_ROOT``, else the nearest folder at or above the working
    directory that holds ``datasets/manifest.json``, else the folder above this package if it
    holds one, else None (a student install)."""
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env).expanduser().resolve()
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents, Path(__file__).resolve().parent.parent):
        if (folder / MANIFEST_RELPATH).is_file():
            return folder
    return None


def course_root() -> Path:
    """:func:`find_course_root`, or DataFileError when there is no course folder."""
    root = find_course_root()
    if root is None:
        raise DataFileError(
            f"Cannot find the course folder: no {MANIFEST_RELPATH} in {Path.cwd()} or any folder "
            f"above it.\nFix: start in the course folder, or export {ENV_ROOT}=/path/to/course"
        )
    return root


def load_manifest(root: Path | None = None) -> Manifest:
    """Read and check ``<root>/datasets/manifest.json``. Without ``root``: the manifest of
    :func:`find_course_root`, else (no course folder) the one shipped in the package."""
    root = Path(root).expanduser().resolve() if root is not None else find_course_root()
    if root is None:
        return packaged_manifest()
    path = root / MANIFEST_RELPATH
    if not path.is_file():
        hint = f" (${ENV_ROOT} is {os.environ[ENV_ROOT]})" if os.environ.get(ENV_ROOT) else ""
        raise DataFileError(f"No manifest at {path}{hint}. Is {root} the course folder?")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataFileError(f"Cannot read {path}: {err}") from err
    return _parse_manifest(raw, root, str(path))


def packaged_manifest() -> Manifest:
    """The manifest shipped in the package (``assignments/manifest.json``), for a student
    install: no course folder, data in ``$COURSE_DATA_DIR`` or :func:`user_data_dir`."""
    resource = importlib.resources.files(__package__ or "assignments").joinpath("manifest.json")
    try:
        raw = json.loads(resource.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataFileError(f"Cannot read the manifest of the package ({resource}): {err}") from err
    return _parse_manifest(raw, None, str(resource))


def _parse_manifest(raw: Any, root: Path | None, path: str) -> Manifest:
    """Build a Manifest from the decoded JSON, with a clear error for a malformed one."""
    if not isinstance(raw, dict) or raw.get("schema_version") != SCHEMA_VERSION:
        version = raw.get("schema_version") if isinstance(raw, dict) else None
        raise DataFileError(
            f"{path}: schema_version {version!r} is not supported (this code reads "
            f"{SCHEMA_VERSION}); update the course package or the manifest"
        )
    try:
        files = tuple(_parse_entry(entry) for entry in raw["files"])
    except (KeyError, TypeError, ValueError) as err:
        raise DataFileError(f"{path}: malformed file entry ({err!r})") from err
    return Manifest(root, files, dict(raw.get("datasets", {})), source=path)


def _parse_entry(entry: dict[str, Any]) -> DataFile:
    """One ``files`` entry of the manifest as a DataFile."""
    sha = str(entry["sha256"]).lower()
    if not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise ValueError(f"bad sha256 for {entry['name']!r}")
    return DataFile(
        name=str(entry["name"]),
        provides=str(entry["provides"]),
        sha256=sha,
        bytes=int(entry["bytes"]),
        urls=tuple(str(url) for url in entry.get("urls", ())),
        kind=str(entry.get("kind", "original")),
        summary=str(entry.get("summary", "")),
        keys=dict(entry.get("keys", {})),
    )


# --------------------------------------------------------------------------- verification


def _short(digest: str) -> str:
    """The first 12 hex digits of a sha256, enough to tell two files apart in a message."""
    return digest[:12] + "..."


def _hash_file(path: Path) -> str:
    """sha256 of a file's bytes (hex), read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """sha256 of ``path``, cached per (path, size, mtime) for the life of the process."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _HASH_CACHE:
        _HASH_CACHE[key] = _hash_file(path)
    return _HASH_CACHE[key]


def _problem(path: Path, spec: DataFile, *, cached: bool = True) -> tuple[str, str] | None:
    """None if ``path`` matches ``spec``; else (short reason, full description)."""
    size = path.stat().st_size
    expected = f"expected {spec.bytes} bytes (sha256 {_short(spec.sha256)})"
    if size < spec.bytes:
        detail = f"{expected}, found only {size} bytes (truncated)"
        return f"truncated: {size} of {spec.bytes} bytes", detail + _lfs_hint(path, size)
    if size > spec.bytes:
        return f"wrong size: {size} bytes, expected {spec.bytes}", f"{expected}, found {size} bytes"
    digest = file_sha256(path) if cached else _hash_file(path)
    if digest != spec.sha256:
        detail = f"expected sha256 {_short(spec.sha256)}, found {_short(digest)} (size is right)"
        return f"sha256 mismatch: expected {_short(spec.sha256)}, got {_short(digest)}", detail
    return None


def _lfs_hint(path: Path, size: int) -> str:
    """An extra sentence when a small file is a Git LFS pointer instead of the data."""
    if size > 1024:
        return ""
    with open(path, "rb") as handle:
        head = handle.read(64)
    if head.startswith(b"version https://git-lfs"):
        return "\n  This is a Git LFS pointer (a small text file), not the data itself."
    return ""


def verify_file(path: Path, spec: DataFile) -> Path:
    """Check size, then sha256, of ``path`` against ``spec``; raise CorruptDataFile if wrong."""
    found = _problem(path, spec)
    if found is None:
        return path
    reason, detail = found
    title = "truncated" if reason.startswith("truncated") else "corrupt"
    message = (
        f"Data file is {title}: {path}\n  {detail}\n"
        f"Fix: delete {path} and run `{FETCH_COMMAND}` to get a verified copy."
    )
    raise CorruptDataFile(message, path=path, reason=reason)


# --------------------------------------------------------------------------- lookup


def _search_folders(manifest: Manifest) -> list[tuple[str, Path | None]]:
    """(label, folder) in lookup order; folder is None for an unset variable. A student install
    has a single folder: ``$COURSE_DATA_DIR`` or the per-user folder."""
    env = os.environ.get(ENV_DATA_DIR)
    if manifest.root is None:
        return [(f"${ENV_DATA_DIR}" if env else "per-user data folder", manifest.data_dir)]
    return [
        ("datasets/", manifest.data_dir),
        (f"${ENV_DATA_DIR}", Path(env).expanduser() if env else None),
        ("../shared/datasets", manifest.root.parent / "shared" / "datasets"),
    ]


def _locate(
    spec: DataFile, folders: Iterable[tuple[str, Path | None]]
) -> tuple[Path | None, list[str]]:
    """First verified copy of ``spec`` in ``folders`` and notes on the places looked.

    Raises CorruptDataFile for the first copy that exists but fails verification.
    """
    looked: list[str] = []
    seen: set[Path] = set()
    for label, folder in folders:
        if folder is None:
            looked.append(f"{label}: not set")
            continue
        if folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        candidate = folder / spec.name
        if candidate.is_file():
            return verify_file(candidate, spec), looked
        state = "not there" if folder.is_dir() else f"folder {folder} does not exist"
        looked.append(f"{candidate} ({label}): {state}")
    return None, looked


def _mirror(mirror: str | None) -> str | None:
    """The mirror base URL: the argument, else ``$COURSE_DATA_MIRROR``, else None."""
    return mirror or os.environ.get(ENV_MIRROR) or None


def _mirror_url(mirror: str, name: str) -> str:
    """``<mirror>/<name>``; a mirror given as an absolute folder path becomes a file:// URL."""
    if "://" not in mirror and Path(mirror).expanduser().is_absolute():
        mirror = Path(mirror).expanduser().as_uri()
    return f"{mirror.rstrip('/')}/{urllib.parse.quote(name)}"


def _install(spec: DataFile, dest_dir: Path, write: Callable[[IO[bytes]], None]) -> Path:
    """Write a temporary file in ``dest_dir`` with ``write``, verify it, rename it into place.

    Raises _Rejected (and leaves nothing behind) when the bytes do not match the manifest.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{spec.name}.", suffix=".part", dir=dest_dir)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        found = _problem(tmp, spec, cached=False)
        if found is not None:
            raise _Rejected(f"{found[0]}; deleted")
        tmp.chmod(0o644)
        os.replace(tmp, dest_dir / spec.name)
    finally:
        tmp.unlink(missing_ok=True)
    return dest_dir / spec.name


def _stream(url: str, limit: int) -> Callable[[IO[bytes]], None]:
    """A writer that copies ``url`` into a file, refusing more than ``limit`` bytes."""

    def write(out: IO[bytes]) -> None:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT) as response:
                total = 0
                while block := response.read(1 << 16):
                    total += len(block)
                    if total > limit:
                        raise _Rejected(f"more than the expected {limit} bytes; deleted")
                    out.write(block)
        except urllib.error.HTTPError as err:
            raise _Rejected(f"HTTP {err.code} {err.reason}") from err
        except urllib.error.URLError as err:  # file:// URLs: a missing or unreadable file
            what = "cannot read" if url.startswith("file:") else "cannot connect"
            raise _Rejected(f"{what} ({err.reason})") from err
        except (OSError, ValueError, http.client.HTTPException) as err:
            raise _Rejected(f"{type(err).__name__}: {err}") from err

    return write


def _download(
    forms: Sequence[DataFile], dest_dir: Path, mirror: str | None
) -> tuple[DataFile | None, str, list[str]]:
    """Download the first of ``forms`` that a URL gives, verified, into ``dest_dir``.

    The mirror is tried for every form before any URL of the manifest (so a course's mirror
    is used before the internet). Returns the form installed (None if none was), its URL and
    notes on the URLs that failed.
    """
    notes = [f"{s.name}: the manifest has no download URL for it" for s in forms if not s.urls]
    notes = notes if not mirror else []
    tries = [(spec, _mirror_url(mirror, spec.name)) for spec in forms] if mirror else []
    tries += [(spec, url) for spec in forms for url in spec.urls]
    for spec, url in tries:
        print(f"Downloading {spec.name} from {url} ...", end=" ", flush=True)
        try:
            _install(spec, dest_dir, _stream(url, spec.bytes))
        except (_Rejected, OSError) as err:  # OSError: dest_dir not writable
            print(f"failed: {err}", flush=True)
            notes.append(f"{url}: {err}")
            continue
        print(f"ok, verified ({spec.bytes} bytes)", flush=True)
        return spec, url, notes
    return None, "", notes


def _missing_message(
    forms: Sequence[DataFile], looked: Sequence[str], manifest: Manifest, advice: Advice
) -> str:
    """The text of MissingDataFile: what, where it looked, and how to fix it."""
    names = " or ".join(spec.name for spec in forms)
    lines = [f"Data file not found: {names}", "Looked in:"]
    lines += [f"  - {note}" for note in looked]
    where, verb = f" in the course folder ({manifest.root})", "copies or downloads"
    if manifest.root is None:
        where, verb = "", "downloads"
    lines += [
        "Fix, either:",
        f"  - run `{advice.fetch}` in a terminal{where}; "
        f"it {verb} every data file into {manifest.data_dir}",
        f"  - or point to a folder that already holds the file: {DATA_DIR_HINT}",
        f"  - or use your course's mirror: {MIRROR_HINT}, then run `{advice.fetch}`",
    ]
    if advice.rebuild and any(spec.kind == "rebuild" for spec in forms):
        lines.append(f"  - or {advice.rebuild}")
    return "\n".join(lines)


def _find_forms(forms: Sequence[DataFile], manifest: Manifest, download: bool) -> Path:
    """First verified copy among ``forms`` (in order): local folders, then downloads."""
    looked: list[str] = []
    corrupt: list[CorruptDataFile] = []
    for spec in forms:
        try:
            path, notes = _locate(spec, _search_folders(manifest))
        except CorruptDataFile as err:
            corrupt.append(err)
            continue
        looked += notes
        if path is not None:
            return _warn_skipped(corrupt, path)
    if download:
        broken = {err.path.name for err in corrupt}
        fetchable = [spec for spec in forms if spec.name not in broken]
        got, _, notes = _download(fetchable, manifest.data_dir, _mirror(None))
        looked += notes
        if got is not None:
            return _warn_skipped(corrupt, manifest.data_dir / got.name)
    else:
        looked.append("download: not attempted (download=False)")
    if corrupt:
        raise corrupt[0]
    raise MissingDataFile(_missing_message(forms, looked, manifest, STUDENT_ADVICE))


def _warn_skipped(corrupt: Sequence[CorruptDataFile], used: Path) -> Path:
    """Warn about corrupt preferred forms that were passed over for ``used``."""
    for err in corrupt:
        warnings.warn(f"{err}\nUsing {used} instead.", stacklevel=3)
    return used


def find_file(name: str, *, download: bool = True, manifest: Manifest | None = None) -> Path:
    """Path of a verified copy of the data file ``name`` (see the module docstring for the
    lookup order). Raises CorruptDataFile or MissingDataFile (both DataFileError)."""
    manifest = manifest if manifest is not None else load_manifest()
    return _find_forms([manifest.file(name)], manifest, download)


def signs_train_file(*, download: bool = True, manifest: Manifest | None = None) -> Path:
    """Path of the SIGNS training set: ``train_signs.h5`` if a valid copy exists, else the
    verified rebuild ``train_signs_64.h5``."""
    manifest = manifest if manifest is not None else load_manifest()
    return _find_forms(manifest.forms(SIGNS_DATASET), manifest, download)


# --------------------------------------------------------------------------- fetch and verify

_FETCH_NAMES = frozenset({"FetchResult", "fetch_all", "verify_all", "main"})


def __getattr__(name: str) -> Any:
    """``fetch_all``, ``verify_all``, ``FetchResult`` and ``main`` live in
    :mod:`assignments.datafetch` (which imports this module); they are loaded on first use."""
    if name in _FETCH_NAMES:
        from assignments import datafetch

        return getattr(datafetch, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # python -m assignments.data fetch [NAME ...] | verify
    from assignments.datafetch import main

    sys.exit(main())
