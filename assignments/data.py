"""Course data files: registry, verified lookup, download, loaders and `course data`.

Every data file is described in ``<course root>/datasets/manifest.json`` (name, size, sha256,
public URLs, HDF5/MAT keys). A file is used only after its size and sha256 match the manifest.

Lookup order for a file (the first folder that holds it wins):

1. ``<root>/datasets/``
2. ``$COURSE_DATA_DIR``
3. ``<root>/../shared/datasets``
4. download into ``<root>/datasets/``: ``$COURSE_DATA_MIRROR/<name>`` first if that variable is
   set, then every URL of the manifest in turn.

A file that exists but fails verification raises :class:`CorruptDataFile` at once (the next
folder is not tried, so a broken copy never hides behind a good one). A file found nowhere
raises :class:`MissingDataFile`, listing every place looked and the command that fixes it.

Environment variables:

- ``COURSE_ROOT``: the course folder (else found by walking up from the working directory).
- ``COURSE_DATA_DIR``: an extra folder that holds verified data files.
- ``COURSE_DATA_MIRROR``: base URL tried before the manifest's URLs.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

ENV_ROOT = "COURSE_ROOT"
ENV_DATA_DIR = "COURSE_DATA_DIR"
ENV_MIRROR = "COURSE_DATA_MIRROR"
MANIFEST_RELPATH = Path("datasets") / "manifest.json"
SCHEMA_VERSION = 1
DOWNLOAD_TIMEOUT = 60.0  # seconds without data before a download is abandoned
USER_AGENT = "dl-course-assignments/0.1 (course data fetch; Python urllib)"
FETCH_COMMAND = "course data fetch"
DATA_DIR_HINT = "export COURSE_DATA_DIR=/path/to/folder"

# Statuses of FetchResult.
PRESENT = "present"  # fetch: already in <root>/datasets/ and verified
COPIED = "copied"  # fetch: copied from --source, $COURSE_DATA_DIR or ../shared/datasets
DOWNLOADED = "downloaded"  # fetch: downloaded and verified
OK = "ok"  # verify: this copy matches the manifest
MISSING = "missing"  # no valid copy of the data set anywhere
CORRUPT = "corrupt"  # a copy exists but its size or sha256 is wrong

SIGNS_DATASET = "signs_train"
SIGNS_REBUILD = "train_signs_64.h5"
SIGNS_FOLDERS = ("train_signs", "val_signs")
SIGNS_N_CLASSES = 6
SIGNS_IMAGE_SIZE = (64, 64)
SIGNS_SOURCE_REPO = "https://github.com/littlecapa/pytorch_template"
SIGNS_SOURCE_COMMIT = "3daa5f934b878f2e42cc27cd1bdf09ce1b8003f0"
SIGNS_SOURCE_HELP = (
    "SRC_DIR is the folder of CS230 64x64 SIGNS JPEGs holding train_signs/ and val_signs/.\n"
    "Get it with:\n"
    f"  git clone {SIGNS_SOURCE_REPO} && git -C pytorch_template checkout {SIGNS_SOURCE_COMMIT}\n"
    "then use SRC_DIR=pytorch_template/data/64x64_SIGNS"
)

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
    """The parsed ``datasets/manifest.json`` of one course folder (``root``)."""

    root: Path
    files: tuple[DataFile, ...]
    datasets: dict[str, Any] = field(default_factory=dict, compare=False)
    schema_version: int = SCHEMA_VERSION

    @property
    def data_dir(self) -> Path:
        """``<root>/datasets``: where fetched and downloaded files go."""
        return self.root / "datasets"

    def file(self, name: str) -> DataFile:
        """The entry of ``name``; raises DataFileError for a name the manifest lacks."""
        for spec in self.files:
            if spec.name == name:
                return spec
        known = ", ".join(spec.name for spec in self.files)
        raise DataFileError(f"{name!r} is not in {self.root / MANIFEST_RELPATH} (known: {known})")

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


def course_root() -> Path:
    """The course folder: ``$COURSE_ROOT``, else the nearest folder at or above the working
    directory that holds ``datasets/manifest.json``, else the folder above this package."""
    env = os.environ.get(ENV_ROOT)
    if env:
        return Path(env).expanduser().resolve()
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if (folder / MANIFEST_RELPATH).is_file():
            return folder
    beside_package = Path(__file__).resolve().parent.parent
    if (beside_package / MANIFEST_RELPATH).is_file():
        return beside_package
    raise DataFileError(
        f"Cannot find the course folder: no {MANIFEST_RELPATH} in {cwd} or any folder above it.\n"
        "Fix: start Jupyter (or the command) inside the course folder, "
        f"or export {ENV_ROOT}=/path/to/course"
    )


def load_manifest(root: Path | None = None) -> Manifest:
    """Read and check ``<root>/datasets/manifest.json`` (root defaults to :func:`course_root`)."""
    root = Path(root).expanduser().resolve() if root is not None else course_root()
    path = root / MANIFEST_RELPATH
    if not path.is_file():
        hint = f" (${ENV_ROOT} is {os.environ[ENV_ROOT]})" if os.environ.get(ENV_ROOT) else ""
        raise DataFileError(f"No manifest at {path}{hint}. Is {root} the course folder?")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise DataFileError(f"Cannot read {path}: {err}") from err
    return _parse_manifest(raw, root, path)


def _parse_manifest(raw: Any, root: Path, path: Path) -> Manifest:
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
    return Manifest(root=root, files=files, datasets=dict(raw.get("datasets", {})))


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
    """(label, folder) in lookup order; folder is None for an unset variable."""
    env = os.environ.get(ENV_DATA_DIR)
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


def _urls(spec: DataFile, mirror: str | None) -> list[str]:
    """Download URLs for ``spec`` in the order tried: the mirror first, then the manifest's."""
    urls = [f"{mirror.rstrip('/')}/{urllib.parse.quote(spec.name)}"] if mirror else []
    return urls + list(spec.urls)


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
        except urllib.error.URLError as err:
            raise _Rejected(f"cannot connect ({err.reason})") from err
        except (OSError, ValueError, http.client.HTTPException) as err:
            raise _Rejected(f"{type(err).__name__}: {err}") from err

    return write


def _download(spec: DataFile, dest_dir: Path, mirror: str | None) -> tuple[str | None, list[str]]:
    """Try each URL of ``spec`` in turn until one gives the verified file in ``dest_dir``.

    Returns the URL that worked (None if none did) and notes on the URLs that failed.
    """
    notes: list[str] = []
    urls = _urls(spec, mirror)
    if not urls:
        notes.append(f"{spec.name}: the manifest has no download URL for it")
    for url in urls:
        print(f"Downloading {spec.name} from {url} ...", end=" ", flush=True)
        try:
            _install(spec, dest_dir, _stream(url, spec.bytes))
        except (_Rejected, OSError) as err:  # OSError: dest_dir not writable
            print(f"failed: {err}", flush=True)
            notes.append(f"{url}: {err}")
            continue
        print(f"ok, verified ({spec.bytes} bytes)", flush=True)
        return url, notes
    return None, notes


def _missing_message(forms: Sequence[DataFile], looked: Sequence[str], root: Path) -> str:
    """The text of MissingDataFile: what, where it looked, and how to fix it."""
    names = " or ".join(spec.name for spec in forms)
    lines = [f"Data file not found: {names}", "Looked in:"]
    lines += [f"  - {note}" for note in looked]
    lines += [
        "Fix, either:",
        f"  - run `{FETCH_COMMAND}` in a terminal in the course folder ({root}); "
        f"it copies or downloads every data file into {root / 'datasets'}",
        f"  - or point to a folder that already holds the file: {DATA_DIR_HINT}",
    ]
    if any(spec.kind == "rebuild" for spec in forms):
        lines.append(
            "  - or rebuild the SIGNS training set: course data rebuild-signs SRC_DIR "
            "(see `course data rebuild-signs --help`)"
        )
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
        for spec in (s for s in forms if s.name not in {e.path.name for e in corrupt}):
            url, notes = _download(spec, manifest.data_dir, _mirror(None))
            looked += notes
            if url is not None:
                return _warn_skipped(corrupt, manifest.data_dir / spec.name)
    else:
        looked.append("download: not attempted (download=False)")
    if corrupt:
        raise corrupt[0]
    raise MissingDataFile(_missing_message(forms, looked, manifest.root))


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


# --------------------------------------------------------------------------- loaders


def _read_h5(path: Path, keys: Sequence[str]) -> list[np.ndarray]:
    """The arrays stored under ``keys`` in the HDF5 file ``path``."""
    import h5py

    with h5py.File(path, "r") as handle:
        return [np.array(handle[key][:]) for key in keys]


def load_cat_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cat / non-cat data, as deeplearning.ai's ``load_data()`` returns it.

    Returns:
        train_x_orig: (209, 64, 64, 3) uint8 images.
        train_y: (1, 209) int64 labels, 1 = cat.
        test_x_orig: (50, 64, 64, 3) uint8 images.
        test_y: (1, 50) int64 labels.
        classes: (2,) bytes array ``[b'non-cat', b'cat']``.
    """
    train_x, train_y = _read_h5(find_file("train_catvnoncat.h5"), ("train_set_x", "train_set_y"))
    test_keys = ("test_set_x", "test_set_y", "list_classes")
    test_x, test_y, classes = _read_h5(find_file("test_catvnoncat.h5"), test_keys)
    return train_x, train_y.reshape(1, -1), test_x, test_y.reshape(1, -1), classes


def load_signs_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The SIGNS data, as ``load_dataset()`` of deeplearning.ai's cnn_utils returns it.

    Prints one line naming the training file used (original or verified rebuild).

    Returns:
        X_train_orig: (1080, 64, 64, 3) uint8 images.
        Y_train_orig: (1, 1080) int64 labels in 0..5.
        X_test_orig: (120, 64, 64, 3) uint8 images.
        Y_test_orig: (1, 120) int64 labels in 0..5.
        classes: (6,) int64 ``[0, 1, 2, 3, 4, 5]``.
    """
    manifest = load_manifest()
    train_path = signs_train_file(manifest=manifest)
    print(f"SIGNS training set: {train_path.name} ({manifest.file(train_path.name).summary})")
    x_train, y_train = _read_h5(train_path, ("train_set_x", "train_set_y"))
    test_keys = ("test_set_x", "test_set_y", "list_classes")
    x_test, y_test, classes = _read_h5(find_file("test_signs.h5", manifest=manifest), test_keys)
    return x_train, y_train.reshape(1, -1), x_test, y_test.reshape(1, -1), classes


def load_football_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The 2-D "football" points of data.mat, as reg_utils' ``load_2D_dataset()`` returns them
    (without the plot).

    Returns:
        train_X: (2, 211) float64; train_Y: (1, 211) uint8;
        test_X: (2, 200) float64; test_Y: (1, 200) uint8.
    """
    import scipy.io

    data = scipy.io.loadmat(find_file("data.mat"))
    return data["X"].T, data["y"].T, data["Xval"].T, data["yval"].T


def make_circles(
    n_samples: int = 100,
    *,
    noise: float | None = None,
    factor: float = 0.8,
    seed: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles of points, bit-identical to scikit-learn's ``make_circles``.

    Generated with numpy only (the course does not depend on scikit-learn), with the same
    draws in the same order: ``make_circles(n, noise=s, seed=k)`` returns exactly what
    ``sklearn.datasets.make_circles(n, noise=s, random_state=k)`` returns, and what it returns
    after ``np.random.seed(k)`` with ``random_state=None`` (``tests/test_data.py`` proves both).
    ``seed=None`` draws from numpy's global generator, as scikit-learn does then.

    Arguments:
        n_samples: number of points; the outer circle gets ``n_samples // 2``, the inner the rest.
        noise: standard deviation of the Gaussian noise added to every coordinate, or None.
        factor: radius of the inner circle (the outer one has radius 1).
        seed: seed of a ``np.random.RandomState``, or None for numpy's global generator.

    Returns:
        X: (n_samples, 2) float64 points, shuffled; y: (n_samples,) int labels, 0 for the outer
        circle and 1 for the inner one.
    """
    generator = np.random.mtrand._rand if seed is None else np.random.RandomState(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    angles_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    angles_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack(
        [
            np.append(np.cos(angles_out), np.cos(angles_in) * factor),
            np.append(np.sin(angles_out), np.sin(angles_in) * factor),
        ]
    ).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    order = np.arange(n_samples)
    generator.shuffle(order)
    X, y = X[order], y[order]
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y


def load_circles_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The circles of the initialization assignment, as init_utils' ``load_dataset()`` made
    them (without the plot): 300 training points drawn with seed 1 and 100 test points with
    seed 2, noise 0.05; one column per point.

    Returns:
        train_X: (2, 300) float64; train_Y: (1, 300) int;
        test_X: (2, 100) float64; test_Y: (1, 100) int.
    """
    train_X, train_Y = make_circles(300, noise=0.05, seed=1)
    test_X, test_Y = make_circles(100, noise=0.05, seed=2)
    return train_X.T, train_Y.reshape(1, -1), test_X.T, test_Y.reshape(1, -1)


# --------------------------------------------------------------------------- fetch and verify


@dataclass(frozen=True)
class FetchResult:
    """Outcome for one file: ``status`` is one of present, copied, downloaded, ok, missing,
    corrupt (see the constants of this module)."""

    name: str
    status: str
    path: Path | None
    message: str = ""
    provides: str = ""


def _copy_sources(manifest: Manifest, source: Path | None) -> list[tuple[str, Path | None]]:
    """Folders fetch copies from: ``source``, ``$COURSE_DATA_DIR``, ``../shared/datasets``."""
    folders = [("--source", source)] if source is not None else []
    folders += _search_folders(manifest)[1:]
    data_dir = manifest.data_dir.resolve()
    return [(lab, f) for lab, f in folders if f is None or f.resolve() != data_dir]


def _try_copy(
    spec: DataFile, manifest: Manifest, source: Path | None, notes: list[str]
) -> Path | None:
    """Copy the first verified copy of ``spec`` from the copy sources into datasets/;
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


def _fetch_dataset(
    dataset: str, manifest: Manifest, source: Path | None, mirror: str | None, download: bool
) -> list[FetchResult]:
    """Make sure ``<root>/datasets/`` holds one verified file providing ``dataset``."""
    results: list[FetchResult] = []
    usable: list[DataFile] = []
    for spec in manifest.forms(dataset):
        dest = manifest.data_dir / spec.name
        if not dest.is_file():
            usable.append(spec)
            continue
        try:
            verify_file(dest, spec)
        except CorruptDataFile as err:
            fix = f"{err.reason}; delete it and run `{FETCH_COMMAND}` again"
            results.append(FetchResult(spec.name, CORRUPT, dest, fix, dataset))
            continue
        return [*results, FetchResult(spec.name, PRESENT, dest, "verified", dataset)]
    notes: list[str] = []
    dest_dir = manifest.data_dir
    for spec in usable:
        origin = _try_copy(spec, manifest, source, notes)
        if origin is not None:
            result = FetchResult(spec.name, COPIED, dest_dir / spec.name, f"from {origin}", dataset)
            return [*results, result]
    for spec in usable if download else []:
        url, tried = _download(spec, dest_dir, mirror)
        notes += tried
        if url is not None:
            result = FetchResult(
                spec.name, DOWNLOADED, dest_dir / spec.name, f"from {url}", dataset
            )
            return [*results, result]
    if results or not usable:
        return results
    if not download:
        notes.append("download: skipped (--no-download)")
    message = _missing_message(usable, notes, manifest.root)
    return [FetchResult(usable[0].name, MISSING, None, message, dataset)]


def fetch_all(
    *,
    source: Path | None = None,
    mirror: str | None = None,
    download: bool = True,
    manifest: Manifest | None = None,
) -> list[FetchResult]:
    """Fill ``<root>/datasets/`` with one verified file per data set of the manifest.

    Copies from ``source``, ``$COURSE_DATA_DIR`` or ``../shared/datasets``, else downloads
    (``mirror`` or ``$COURSE_DATA_MIRROR`` first). Never deletes or overwrites a file already
    in datasets/: a corrupt one is reported as ``corrupt``. The SIGNS training set is satisfied
    by either train_signs.h5 or train_signs_64.h5.
    """
    manifest = manifest if manifest is not None else load_manifest()
    if source is not None and not Path(source).is_dir():
        raise DataFileError(f"--source folder does not exist: {source}")
    source = Path(source) if source is not None else None
    mirror = _mirror(mirror)
    return [
        result
        for dataset in manifest.dataset_names()
        for result in _fetch_dataset(dataset, manifest, source, mirror, download)
    ]


def verify_all(*, manifest: Manifest | None = None) -> list[FetchResult]:
    """Check every copy of every manifest file in the lookup folders (no download).

    One result per copy found (``ok`` or ``corrupt``), plus ``missing`` for a data set with no
    valid copy anywhere.
    """
    manifest = manifest if manifest is not None else load_manifest()
    results: list[FetchResult] = []
    folders = [f for _, f in _search_folders(manifest) if f is not None]
    folders = list({f.resolve(): f for f in folders}.values())
    for dataset in manifest.dataset_names():
        found = [r for spec in manifest.forms(dataset) for r in _verify_copies(spec, folders)]
        if not any(r.status == OK for r in found):
            forms = manifest.forms(dataset)
            looked = [f"{folder / s.name}: no valid copy" for s in forms for folder in folders]
            message = _missing_message(forms, looked, manifest.root)
            found.append(FetchResult(forms[0].name, MISSING, None, message, dataset))
        results += found
    return results


def _verify_copies(spec: DataFile, folders: Iterable[Path]) -> list[FetchResult]:
    """ok / corrupt results for each copy of ``spec`` in ``folders``."""
    results = []
    for folder in folders:
        path = folder / spec.name
        if path.is_file():
            found = _problem(path, spec)
            status, message = (OK, "verified") if found is None else (CORRUPT, found[0])
            results.append(FetchResult(spec.name, status, path, message, spec.provides))
    return results
