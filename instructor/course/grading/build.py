"""Build student releases from the instructor notebooks in source/."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat

from course.grading.gradebook import generate_release


def slugs(root: Path) -> list[str]:
    """Every assignment of the course: the folders of source/."""
    return sorted(
        p.name for p in (root / "source").iterdir() if p.is_dir() and any(p.glob("*.ipynb"))
    )


# OpenBLAS picks its matrix kernels for the CPU it runs on (SkylakeX on a machine with AVX-512,
# Haswell on one with AVX2, ...), and each rounds a little differently: a training loop's costs
# then differ in their last digits from one machine to the next, and nbval would fail on a
# machine other than the one that stored the outputs. The stored outputs are made, and checked,
# with the Haswell kernels, which every x86-64 CPU with AVX2 runs (elsewhere the variable is
# ignored). Students' runs are not affected: their tests compare to the printed digits.
BLAS_KERNELS = {"OPENBLAS_CORETYPE": "Haswell"}


def pin_blas_kernels() -> None:
    """Make the kernels started from now on use the BLAS kernels the stored outputs use
    (unless the environment already chooses)."""
    for name, value in BLAS_KERNELS.items():
        os.environ.setdefault(name, value)


def execute_source(root: Path, slug: str, timeout: int = 600) -> list[Path]:
    """Re-run the source notebooks of ``slug`` in place, so their stored outputs (which nbval
    compares) are fresh. Timing metadata is not recorded, so a re-run changes nothing when
    the outputs are the same."""
    from nbclient import NotebookClient

    pin_blas_kernels()
    done = []
    for path in sorted((root / "source" / slug).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        nbformat.write(nb, path)
        done.append(path)
    return done


def build(root: Path, selected: list[str] | None = None, execute: bool = False) -> list[str]:
    """Generate release/<slug> for the selected assignments (default: all)."""
    built = []
    for slug in selected or slugs(root):
        if not (root / "source" / slug).is_dir():
            raise FileNotFoundError(
                f"source/{slug} does not exist; assignments are: {', '.join(slugs(root))}."
            )
        if execute:
            execute_source(root, slug)
        generate_release(root, slug)
        built.append(slug)
    return built
