"""course.kit: the student kit holds what students may have, works alone, and grades right."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import nbformat
import pytest
from course import kit, schedule
from course.grading import build, runner, samples
from course.grading.cells import graded_function_name

from tests.conftest import DATASETS, REPO, copy_course


@pytest.fixture(scope="module")
def full_kit(student_kit):
    return student_kit, student_kit.with_name(student_kit.name + ".zip")


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _blocks(source: str, begin: str, end: str) -> list[str]:
    return re.findall(rf"{begin}\n(.*?){end}", source, flags=re.S)


def _secret_lines() -> set[str]:
    """Distinctive lines (long enough to mean something) of the reference solutions and the
    hidden tests that the release does not give away as well (a line of given code or a hint
    may equal a solution line)."""
    secret, released = set(), set()
    for notebook in (REPO / "source").glob("*/*.ipynb"):
        for cell in nbformat.read(notebook, as_version=4).cells:
            blocks = _blocks(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
            blocks += _blocks(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
            secret |= {x.strip() for b in blocks for x in b.splitlines() if len(x.strip()) > 30}
    for notebook in (REPO / "release").glob("*/*.ipynb"):
        for cell in nbformat.read(notebook, as_version=4).cells:
            released |= {line.strip() for line in cell.source.splitlines()}
    return secret - released


def test_the_kit_holds_the_release_notebooks_the_wheel_and_a_readme_only(full_kit):
    folder, archive = full_kit
    notebooks = [
        f"notebooks/{nb.parent.name}/{nb.name}"
        for slug in schedule.COURSE_ORDER
        for nb in sorted((REPO / "release" / slug).glob("*.ipynb"))
    ]
    assert _files(folder) == sorted(
        ["README.md", "requirements.txt", "wheels/dl_course_assignments-0.2.0-py3-none-any.whl"]
        + notebooks
    )
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(
            n[len("course-kit/") :] for n in zipped.namelist() if not n.endswith("/")
        ) == (_files(folder))
    for name in notebooks:  # the committed release, byte for byte
        assert (folder / name).read_bytes() == (
            REPO / "release" / name[len("notebooks/") :]
        ).read_bytes()
    readme = (folder / "README.md").read_text()
    assert readme.count("notebooks/") >= 7 and "python -m assignments.data fetch" in readme
    for instructor_word in ("course autograde", "course data", "instructor package", "clone"):
        assert instructor_word not in readme


def test_nothing_of_the_instructor_side_is_in_the_kit(full_kit):
    folder, _ = full_kit
    (wheel,) = (folder / "wheels").glob("*.whl")
    with zipfile.ZipFile(wheel) as zipped:
        names = zipped.namelist()
        texts = [zipped.read(n).decode("utf-8", "replace") for n in names]
    assert {n.split("/")[0] for n in names} == {
        "assignments", "dl_course_assignments-0.2.0.dist-info",
    }  # fmt: skip
    assert not [n for n in names if re.search(r"grading|cli\.py|trusted|sample_classes", n)]
    texts += [p.read_text() for p in folder.rglob("*") if p.suffix in (".md", ".txt")]
    texts += [
        "\n".join(c.source for c in nbformat.read(p, as_version=4).cells)
        for p in folder.rglob("*.ipynb")
    ]
    secrets = _secret_lines()
    assert len(secrets) > 100
    leaked = secrets & {line.strip() for text in texts for line in text.splitlines()}
    assert leaked == set()
    for text in texts:
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
        assert "from course" not in text and "import course" not in text


@pytest.mark.parametrize(
    ("through", "withheld"),
    [
        ("dnn_step_by_step", {"nn/layers.py", "nn/three_layer.py", "nn/initializers.py"}),
        ("initialization", {"nn/layers.py", "nn/initializers.py"}),
        ("conv_step_by_step", {"nn/layers.py"}),
        ("conv_application", set()),
    ],
)
def test_a_kit_through_an_assignment_withholds_the_helpers_that_answer_it(
    tmp_path, through, withheld
):
    folder, _ = kit.build_kit(REPO, tmp_path / "kit", through)
    (wheel,) = (folder / "wheels").glob("*.whl")
    with zipfile.ZipFile(wheel) as zipped:
        modules = {
            n[len("assignments/") :] for n in zipped.namelist() if n.startswith("assignments/")
        }
    package = {
        p.relative_to(REPO / "assignments").as_posix()
        for p in schedule.package_files(REPO / "assignments", None)
    }
    assert package - modules == withheld and modules <= package
    slugs = {p.split("/")[1] for p in _files(folder) if p.startswith("notebooks/")}
    assert slugs == set(schedule.through(through))


def test_an_unknown_assignment_is_named(tmp_path):
    with pytest.raises(ValueError, match="'conv' is no assignment of the course"):
        kit.build_kit(REPO, tmp_path / "kit", "conv")


@pytest.mark.slow
def test_a_kit_installed_alone_runs_every_notebooks_setup_and_data_cells(
    full_kit, kit_venv, tmp_path
):
    """In a fresh virtual environment outside the repository, with only the kit installed
    (its requirements and its wheel), each release notebook's setup and data-loading cells
    run from the kit's folder: the data are fetched by the student package (from a mirror:
    this machine has no internet) and verified."""
    folder, _ = full_kit
    assert (DATASETS / "train_catvnoncat.h5").is_file(), (
        f"the verified data files belong in {DATASETS}"
    )
    venv = kit_venv
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path / "home"),
        "MPLBACKEND": "Agg", "COURSE_DATA_MIRROR": DATASETS.as_uri(),
    }  # fmt: skip
    ran = {}
    for notebook in sorted(folder.glob("notebooks/*/*.ipynb")):
        cells = [
            c.source
            for c in nbformat.read(notebook, as_version=4).cells
            if c.get("id") in ("setup", "load-data")
        ]
        script = tmp_path / f"{notebook.parent.name}.ipy"
        script.write_text("\n".join(cells) + "\nprint('RAN', len(globals()))\n")
        done = subprocess.run(
            [venv / "bin/ipython", "--no-banner", "--quick", str(script)],
            cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert done.returncode == 0 and "RAN" in done.stdout, (
            notebook.name,
            done.stdout[-2000:],
            done.stderr[-3000:],
        )
        ran[notebook.parent.name] = len(cells)
    assert ran == {
        "conv_application": 2, "conv_step_by_step": 1, "dnn_application": 2,
        "dnn_step_by_step": 1, "gradient_checking": 1, "initialization": 2, "regularization": 2,
    }  # fmt: skip
    fetched = sorted(p.name for p in (tmp_path / "home/.cache/dl-course/datasets").iterdir())
    assert fetched == [
        "data.mat", "test_catvnoncat.h5", "test_signs.h5", "train_catvnoncat.h5",
        "train_signs_64.h5",
    ]  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["conv_step_by_step", "initialization"])
def test_kit_notebooks_filled_with_the_reference_get_full_marks(full_kit, tmp_path, slug):
    folder, _ = full_kit
    root = copy_course(tmp_path / "course")
    build.build(root, [slug])
    (kit_nb,) = (folder / "notebooks" / slug).glob("*.ipynb")
    (source_nb,) = (REPO / "source" / slug).glob("*.ipynb")
    reference = samples.load_variant(samples.SAMPLE_CLASSES / slug / "reference.py")
    submitted = root / "submitted" / "kit-student" / slug / kit_nb.name
    submitted.parent.mkdir(parents=True)
    submitted.write_text(samples.build_notebook(reference, kit_nb, source_nb))
    functions = [
        graded_function_name(c)
        for c in nbformat.read(kit_nb, as_version=4).cells
        if graded_function_name(c)
    ]
    graded = runner.grade_class(root, slug, ["kit-student"])
    (result,) = graded.submissions
    assert result.status == "graded" and result.problems == [], result.problems
    assert len(graded.max_scores) == len(functions) and result.total == graded.max_total
