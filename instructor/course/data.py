"""`course data`: fetch, verify and rebuild the course's data files (instructor side).

The registry, verified lookup, download, loaders, fetch and verify are the student package's
(:mod:`assignments.data`, :mod:`assignments.datafetch`); this module adds what only the
instructor runs: rebuilding the SIGNS training set from its JPEGs and the ``course data``
command, whose messages name the instructor's commands (:data:`ADVICE`).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assignments.data import (
    COPIED,
    CORRUPT,
    DATA_DIR_HINT,
    DOWNLOADED,
    ENV_DATA_DIR,
    ENV_MIRROR,
    MISSING,
    OK,
    PRESENT,
    SIGNS_REBUILD,
    Advice,
    DataFileError,
    Manifest,
    RebuildMismatchWarning,
    _hash_file,
    _short,
    course_root,
    load_manifest,
)
from assignments.datafetch import FetchResult, fetch_all, verify_all

FETCH_COMMAND = "course data fetch"
# What the instructor's `course data fetch | verify` tell to do about a missing or corrupt file
# (the student package's default names `python -m assignments.data fetch` and no rebuild).
ADVICE = Advice(
    fetch=FETCH_COMMAND,
    rebuild="rebuild the SIGNS training set: course data rebuild-signs SRC_DIR "
    "(see `course data rebuild-signs --help`)",
)

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

# --------------------------------------------------------------------------- SIGNS rebuild


@dataclass(frozen=True)
class RebuildReport:
    """What :func:`rebuild_signs_64` wrote and whether it matches the manifest."""

    path: Path
    n_images: int
    class_counts: tuple[int, ...]
    sha256: str
    expected_sha256: str | None

    @property
    def matches(self) -> bool | None:
        """True / False against the manifest; None when no manifest was available."""
        return None if self.expected_sha256 is None else self.sha256 == self.expected_sha256

    def summary(self) -> str:
        """One line: the file, its contents and the verdict."""
        counts = ", ".join(f"{label}: {n}" for label, n in enumerate(self.class_counts))
        verdict = {
            True: "matches the manifest: verified rebuild",
            False: f"DIFFERS from the manifest's {_short(self.expected_sha256 or '')}",
            None: "not compared (no manifest found)",
        }[self.matches]
        return (
            f"Wrote {self.path}: {self.n_images} images (per class {counts}); "
            f"sha256 {_short(self.sha256)} {verdict}"
        )

    def mismatch_message(self) -> str:
        """Why the sha256 may differ and what follows from it."""
        return (
            f"The rebuilt {self.path.name} has sha256 {self.sha256}, but the manifest expects "
            f"{self.expected_sha256}.\n"
            "Possible causes: a different Pillow version or JPEG decoder (libjpeg vs "
            "libjpeg-turbo) changing some pixel values by about 1; a source folder that is not "
            f"pytorch_template @ {SIGNS_SOURCE_COMMIT[:7]} (missing, extra or edited JPEGs: "
            f"1080 expected, {self.n_images} found); a different h5py / HDF5 version.\n"
            "The loader accepts only files that match the manifest, so it will report this one "
            f"as corrupt. Rebuild with Pillow 13.0.0, numpy 2.4.6 and h5py 3.16.0, or get a "
            f"verified copy (`{FETCH_COMMAND}` or {DATA_DIR_HINT})."
        )


def _signs_jpegs(src: Path) -> list[Path]:
    """Every .jpg of ``src/train_signs`` and ``src/val_signs``, sorted by file name."""
    if not src.is_dir():
        raise DataFileError(f"SIGNS source folder not found: {src}\n{SIGNS_SOURCE_HELP}")
    files: list[Path] = []
    for sub in SIGNS_FOLDERS:
        folder = src / sub
        if not folder.is_dir():
            raise DataFileError(
                f"{src} has no {sub}/ folder; SRC_DIR must hold {' and '.join(SIGNS_FOLDERS)}.\n"
                f"{SIGNS_SOURCE_HELP}"
            )
        files += [p for p in folder.iterdir() if p.suffix == ".jpg" and p.is_file()]
    if not files:
        raise DataFileError(f"No .jpg files in {src}/train_signs or {src}/val_signs")
    return sorted(files, key=lambda p: p.name)


def _signs_label(path: Path) -> int:
    """The label of a SIGNS JPEG: the integer before the first '_' of its name."""
    match = re.match(r"(\d+)_", path.name)
    if match is None or int(match.group(1)) >= SIGNS_N_CLASSES:
        raise DataFileError(
            f"{path}: the file name carries no label 0-{SIGNS_N_CLASSES - 1}; expected names "
            "like '3_IMG_5001.jpg' (label before the first '_')"
        )
    return int(match.group(1))


def _signs_image(path: Path) -> np.ndarray:
    """A SIGNS JPEG decoded with ``PIL.Image.open(f).convert('RGB')``: (64, 64, 3) uint8."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            rgb = image.convert("RGB")
    except (OSError, UnidentifiedImageError) as err:
        raise DataFileError(f"{path}: cannot decode as an image ({err})") from err
    if rgb.size != SIGNS_IMAGE_SIZE:
        width, height = rgb.size
        raise DataFileError(
            f"{path} is {width}x{height}, expected 64x64. The recipe never resizes: SRC_DIR "
            "must be the 64x64_SIGNS folder, not the original photos."
        )
    return np.asarray(rgb, dtype=np.uint8)


def _write_signs_h5(images: np.ndarray, labels: np.ndarray, out: Path) -> None:
    """Write the recipe's HDF5 file atomically: list_classes (6,) int64, train_set_x
    (m, 64, 64, 3) uint8, train_set_y (m,) int64; contiguous, uncompressed, no timestamps."""
    import h5py

    out.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        with h5py.File(tmp, "w") as h5:
            classes = np.arange(SIGNS_N_CLASSES, dtype=np.int64)
            h5.create_dataset("list_classes", data=classes, track_times=False)
            h5.create_dataset("train_set_x", data=images.astype(np.uint8), track_times=False)
            h5.create_dataset("train_set_y", data=labels.astype(np.int64), track_times=False)
        tmp.chmod(0o644)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _expected_rebuild_sha(manifest: Manifest | None) -> str | None:
    """The manifest's sha256 of train_signs_64.h5, or None if no manifest can be found."""
    try:
        manifest = manifest if manifest is not None else load_manifest()
        return manifest.file(SIGNS_REBUILD).sha256
    except DataFileError:
        return None


def _rebuild(src: Path, out: Path, manifest: Manifest | None) -> RebuildReport:
    """Build train_signs_64.h5 from ``src`` into ``out`` and compare it with the manifest."""
    files = _signs_jpegs(Path(src))
    labels = np.array([_signs_label(path) for path in files], dtype=np.int64)
    images = np.stack([_signs_image(path) for path in files])
    _write_signs_h5(images, labels, Path(out))
    counts = tuple(int(n) for n in np.bincount(labels, minlength=SIGNS_N_CLASSES))
    expected = _expected_rebuild_sha(manifest)
    return RebuildReport(Path(out), len(files), counts, _hash_file(Path(out)), expected)


def rebuild_signs_64(src: Path, out: Path, *, manifest: Manifest | None = None) -> Path:
    """Rebuild ``train_signs_64.h5`` from the CS230 64x64 SIGNS JPEGs in ``src``.

    ``src`` holds ``train_signs/`` and ``val_signs/``. Every .jpg of both is sorted by file
    name, labelled by the integer before its first '_', decoded to (64, 64, 3) uint8 RGB, and
    written to ``out`` as train_set_x (m, 64, 64, 3) uint8, train_set_y (m,) int64 and
    list_classes (6,) int64. Prints a summary; a sha256 different from the manifest's is a
    RebuildMismatchWarning (the file is still written). Raises DataFileError for a missing
    folder, no JPEGs, a name without a label or an image that is not 64x64.
    """
    report = _rebuild(src, out, manifest)
    print(report.summary())
    if report.matches is False:
        warnings.warn(report.mismatch_message(), RebuildMismatchWarning, stacklevel=2)
    return report.path


# --------------------------------------------------------------------------- CLI


def _print_results(title: str, results: Sequence[FetchResult]) -> None:
    """A rich table of results: file, data set, status, where, and the message. Every cell is
    plain text: a path may hold brackets (a course under ``/tmp/[x]``), never read as markup."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    colours = {PRESENT: "green", COPIED: "green", DOWNLOADED: "green", OK: "green"}
    table = Table(title=title, show_lines=True)
    for column in ("file", "data set", "status", "path / message"):
        table.add_column(column, overflow="fold")
    for res in results:
        colour = colours.get(res.status, "red")
        detail = str(res.path) if res.path else ""
        if res.message and res.message != "verified":
            detail = f"{detail}\n{res.message}".strip()
        table.add_row(Text(res.name), Text(res.provides), Text(res.status, colour), Text(detail))
    Console().print(table)


def _exit_code(results: Sequence[FetchResult]) -> int:
    """1 if any result is missing or corrupt, else 0."""
    return int(any(res.status in (MISSING, CORRUPT) for res in results))


def _cmd_fetch(args: argparse.Namespace) -> int:
    """`course data fetch`: 0 when every data set is in datasets/ and verified, else 1."""
    try:
        results = fetch_all(
            source=args.source, mirror=args.mirror, download=args.download, advice=ADVICE
        )
    except DataFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    _print_results("course data fetch", results)
    return _exit_code(results)


def _cmd_verify(args: argparse.Namespace) -> int:
    """`course data verify`: 0 when every copy found is valid and every data set has one."""
    try:
        results = verify_all(advice=ADVICE)
    except DataFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    _print_results("course data verify", results)
    return _exit_code(results)


def _default_rebuild_out() -> Path:
    """``<root>/datasets/train_signs_64.h5``, or ./train_signs_64.h5 outside a course."""
    try:
        return course_root() / "datasets" / SIGNS_REBUILD
    except DataFileError:
        return Path(SIGNS_REBUILD)


def _cmd_rebuild(args: argparse.Namespace) -> int:
    """`course data rebuild-signs`: 0 = matches the manifest, 1 = error (nothing written),
    3 = written but its sha256 differs from the manifest."""
    out = args.out if args.out is not None else _default_rebuild_out()
    try:
        report = _rebuild(args.src, out, None)
    except DataFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    if report.matches is False:
        print(f"warning: {report.mismatch_message()}", file=sys.stderr)
        return 3
    return 0


def configure_parser(parser: argparse.ArgumentParser) -> None:
    """Add ``fetch``, ``verify`` and ``rebuild-signs`` under ``parser`` (``course data``).

    Each sets ``func``: a callable taking the parsed Namespace and returning the exit code.
    """
    sub = parser.add_subparsers(dest="data_command", metavar="COMMAND", required=True)
    fetch = sub.add_parser(
        "fetch",
        help="copy or download every data file into datasets/ and verify it",
        description="Fill <course>/datasets/ with verified data files, copying from --source, "
        f"${ENV_DATA_DIR} or ../shared/datasets, else downloading. Exit 1 if any is missing "
        "or corrupt.",
    )
    fetch.add_argument("--source", type=Path, metavar="DIR", help="folder to copy files from")
    fetch.add_argument("--mirror", metavar="URL", help=f"base URL tried first (${ENV_MIRROR})")
    fetch.add_argument(
        "--no-download", dest="download", action="store_false", help="copy only, never download"
    )
    fetch.set_defaults(func=_cmd_fetch)
    verify = sub.add_parser(
        "verify",
        help="check size and sha256 of every data file found",
        description="Check every copy in datasets/, $COURSE_DATA_DIR and ../shared/datasets. "
        "Exit 1 if any copy is corrupt or a data set has no valid copy.",
    )
    verify.set_defaults(func=_cmd_verify)
    _add_rebuild_parser(sub)


def _add_rebuild_parser(sub: Any) -> None:
    """The ``rebuild-signs SRC_DIR [--out PATH]`` subcommand."""
    rebuild = sub.add_parser(
        "rebuild-signs",
        help="rebuild train_signs_64.h5 from the CS230 64x64 SIGNS JPEGs",
        description="Rebuild train_signs_64.h5 (the SIGNS training set, 1080 images) from the "
        "CS230 64x64 JPEGs and compare its sha256 with the manifest. Exit codes: 0 = matches "
        "the manifest, 1 = error, 3 = written but the sha256 differs.",
        epilog=SIGNS_SOURCE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rebuild.add_argument("src", type=Path, metavar="SRC_DIR", help="holds train_signs/, val_signs/")
    rebuild.add_argument(
        "--out", type=Path, metavar="PATH", help="default: <course>/datasets/train_signs_64.h5"
    )
    rebuild.set_defaults(func=_cmd_rebuild)
