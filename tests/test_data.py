"""Tests of assignments/data.py and assignments/datafetch.py: manifest, verified lookup,
download, fetch, the student command, loaders, rebuild (course.data).

Most tests build a small course folder with fake data files under tmp_path and point
COURSE_ROOT at it, so the repository's own datasets/ is never touched. The loader tests read
the verified files of ../shared/datasets (skipped with a reason if that folder is absent).
The student-install tests copy the package to tmp_path, as a wheel installs it, and run it in
a subprocess with no course folder around; their mirror is a file:// URL of ../shared/datasets.
The only network use is an http.server on 127.0.0.1 (the subprocesses get a dead proxy).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from course import data as course_data

from assignments import data, loaders
from tests.conftest import DATASETS, REPO

needs_shared = pytest.mark.skipif(
    not (DATASETS / "train_catvnoncat.h5").is_file(),
    reason=f"needs the verified data files in {DATASETS}",
)

ALPHA = bytes(range(256)) * 4  # 1024 bytes
BETA = b"beta-payload " * 50
GAMMA = b"gamma" * 100
FIRST = b"first form of the pair " * 20
SECOND = b"second form of the pair " * 20


def sha(payload: bytes) -> str:
    """Hex sha256 of ``payload``."""
    return hashlib.sha256(payload).hexdigest()


def entry(name: str, payload: bytes, provides: str, urls: list[str] | None = None) -> dict:
    """A manifest entry describing ``payload`` stored as ``name``."""
    return {
        "name": name,
        "provides": provides,
        "kind": "rebuild" if name == "second.bin" else "original",
        "summary": f"fake {name}",
        "bytes": len(payload),
        "sha256": sha(payload),
        "urls": urls or [],
    }


def make_course(root: Path, entries: list[dict]) -> Path:
    """A course folder at ``root`` whose datasets/manifest.json lists ``entries``."""
    (root / "datasets").mkdir(parents=True)
    datasets = {e["provides"]: {"description": e["provides"]} for e in entries}
    manifest = {"schema_version": 1, "datasets": datasets, "files": entries}
    (root / "datasets" / "manifest.json").write_text(json.dumps(manifest))
    return root


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No course variables from the caller's shell; no proxy for 127.0.0.1."""
    for name in (data.ENV_ROOT, data.ENV_DATA_DIR, data.ENV_MIRROR):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A course with one file per data set: alpha.bin (alpha), beta.bin (beta)."""
    root = make_course(
        tmp_path / "course", [entry("alpha.bin", ALPHA, "alpha"), entry("beta.bin", BETA, "beta")]
    )
    monkeypatch.setenv(data.ENV_ROOT, str(root))
    return root


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, bytes], list[tuple[str, str]]]]:
    """A local HTTP server: (base URL, routes path -> body, log of (path, User-Agent))."""
    routes: dict[str, bytes] = {}
    log: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            log.append((self.path, self.headers.get("User-Agent", "")))
            body = routes.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes, log
    httpd.shutdown()
    httpd.server_close()


def leftovers(folder: Path) -> list[str]:
    """Temporary download / copy files left in ``folder``."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# --------------------------------------------------------------------------- root and manifest


def test_course_root_from_env_cwd_and_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_course(tmp_path / "course", [entry("alpha.bin", ALPHA, "alpha")])
    notebook_dir = root / "release" / "dnn_application"
    notebook_dir.mkdir(parents=True)
    monkeypatch.chdir(notebook_dir)
    assert data.course_root() == root.resolve()
    assert data.load_manifest().file("alpha.bin").bytes == 1024
    monkeypatch.chdir(tmp_path)
    assert data.course_root() == Path(data.__file__).resolve().parents[1]
    monkeypatch.setenv(data.ENV_ROOT, str(root))
    assert data.course_root() == root.resolve()


def test_manifest_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(data.ENV_ROOT, str(tmp_path))
    with pytest.raises(data.DataFileError, match="No manifest at .*COURSE_ROOT"):
        data.load_manifest()
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "manifest.json").write_text('{"schema_version": 2, "files": []}')
    with pytest.raises(data.DataFileError, match="schema_version 2 is not supported"):
        data.load_manifest()


def test_repo_manifest_lists_every_file() -> None:
    manifest = data.load_manifest(REPO)
    assert [(f.name, f.provides, f.bytes) for f in manifest.files] == [
        ("train_catvnoncat.h5", "cat_train", 2572022),
        ("test_catvnoncat.h5", "cat_test", 616958),
        ("train_signs.h5", "signs_train", 13281872),
        ("train_signs_64.h5", "signs_train", 13281776),
        ("test_signs.h5", "signs_test", 1477712),
        ("data.mat", "football", 6038),
    ]
    assert manifest.dataset_names() == [
        "cat_train",
        "cat_test",
        "signs_train",
        "signs_test",
        "football",
    ]
    assert manifest.file("train_signs_64.h5").urls == ()
    assert manifest.file("train_signs.h5").urls[0] == (
        "https://media.githubusercontent.com/media/amanchadha/coursera-deep-learning-specialization"
        "/e9de0f4d1549b5a974c7f5cba013097fe162a798/C4%20-%20Convolutional%20Neural%20Networks"
        "/Week%201/datasets/train_signs.h5"
    )
    assert all(url.startswith("https://") for spec in manifest.files for url in spec.urls)


# --------------------------------------------------------------------------- verification


def test_wrong_hash_same_size(course: Path) -> None:
    bad = bytes(reversed(ALPHA))
    path = course / "datasets" / "alpha.bin"
    path.write_bytes(bad)
    with pytest.raises(data.CorruptDataFile) as info:
        data.find_file("alpha.bin")
    message = str(info.value)
    assert isinstance(info.value, data.DataFileError)
    assert f"Data file is corrupt: {path}" in message
    assert f"expected sha256 {sha(ALPHA)[:12]}..., found {sha(bad)[:12]}..." in message
    assert f"Fix: delete {path} and run `python -m assignments.data fetch`" in message
    assert "course data" not in message
    assert info.value.path == path


def test_truncated_file(course: Path) -> None:
    path = course / "datasets" / "alpha.bin"
    path.write_bytes(ALPHA[:100])
    with pytest.raises(data.CorruptDataFile) as info:
        data.find_file("alpha.bin")
    message = str(info.value)
    assert f"Data file is truncated: {path}" in message
    assert "expected 1024 bytes" in message
    assert "found only 100 bytes (truncated)" in message
    assert "python -m assignments.data fetch" in message
    assert info.value.reason == "truncated: 100 of 1024 bytes"


def test_git_lfs_pointer_is_named(course: Path) -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1024\n"
    (course / "datasets" / "alpha.bin").write_bytes(pointer)
    with pytest.raises(data.CorruptDataFile, match="Git LFS pointer"):
        data.find_file("alpha.bin")


def test_missing_file_without_download(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    monkeypatch.setenv(data.ENV_DATA_DIR, str(extra))
    with pytest.raises(data.MissingDataFile) as info:
        data.find_file("alpha.bin", download=False)
    lines = str(info.value).splitlines()
    assert lines[:5] == [
        "Data file not found: alpha.bin",
        "Looked in:",
        f"  - {course / 'datasets' / 'alpha.bin'} (datasets/): not there",
        f"  - {extra / 'alpha.bin'} ($COURSE_DATA_DIR): not there",
        f"  - {tmp_path / 'shared' / 'datasets' / 'alpha.bin'} (../shared/datasets): "
        f"folder {tmp_path / 'shared' / 'datasets'} does not exist",
    ]
    assert lines[5] == "  - download: not attempted (download=False)"
    assert lines[6] == "Fix, either:"
    assert lines[7] == (
        f"  - run `python -m assignments.data fetch` in a terminal in the course folder "
        f"({course}); it copies or downloads every data file into {course / 'datasets'}"
    )
    assert lines[8].endswith("already holds the file: export COURSE_DATA_DIR=/path/to/folder")
    assert lines[9] == (
        "  - or use your course's mirror: export COURSE_DATA_MIRROR=URL "
        "(or file:///path/to/folder), then run `python -m assignments.data fetch`"
    )
    assert len(lines) == 10


def test_missing_file_unset_data_dir_and_no_url(course: Path) -> None:
    with pytest.raises(data.MissingDataFile) as info:
        data.find_file("alpha.bin")
    message = str(info.value)
    assert "  - $COURSE_DATA_DIR: not set" in message
    assert "  - alpha.bin: the manifest has no download URL for it" in message


def test_verdict_is_cached_per_path_size_mtime(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real_hash = data._hash_file
    monkeypatch.setattr(data, "_hash_file", lambda p: calls.append(p) or real_hash(p))
    path = course / "datasets" / "alpha.bin"
    path.write_bytes(ALPHA)
    assert data.find_file("alpha.bin") == path
    assert data.find_file("alpha.bin") == path
    assert len(calls) == 1
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert data.find_file("alpha.bin") == path
    assert len(calls) == 2


# --------------------------------------------------------------------------- lookup order


def test_lookup_order(course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared" / "datasets"
    shared.mkdir(parents=True)
    (shared / "alpha.bin").write_bytes(ALPHA)
    assert data.find_file("alpha.bin", download=False) == shared / "alpha.bin"
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "alpha.bin").write_bytes(ALPHA)
    monkeypatch.setenv(data.ENV_DATA_DIR, str(extra))
    assert data.find_file("alpha.bin", download=False) == extra / "alpha.bin"
    (course / "datasets" / "alpha.bin").write_bytes(ALPHA)
    assert data.find_file("alpha.bin", download=False) == course / "datasets" / "alpha.bin"


def test_corrupt_copy_is_not_skipped(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "alpha.bin").write_bytes(ALPHA)
    monkeypatch.setenv(data.ENV_DATA_DIR, str(extra))
    (course / "datasets" / "alpha.bin").write_bytes(ALPHA[:-1])
    with pytest.raises(data.CorruptDataFile, match="truncated"):
        data.find_file("alpha.bin")


def test_two_forms_of_one_data_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entries = [entry("first.bin", FIRST, "signs_train"), entry("second.bin", SECOND, "signs_train")]
    root = make_course(tmp_path / "course", entries)
    manifest = data.load_manifest(root)
    folder = root / "datasets"
    (folder / "second.bin").write_bytes(SECOND)
    assert data.signs_train_file(manifest=manifest, download=False) == folder / "second.bin"
    (folder / "first.bin").write_bytes(FIRST)
    assert data.signs_train_file(manifest=manifest, download=False) == folder / "first.bin"
    (folder / "first.bin").write_bytes(FIRST[:10])
    with pytest.warns(UserWarning, match=r"truncated(.|\n)*Using .*second\.bin instead"):
        assert data.signs_train_file(manifest=manifest, download=False) == folder / "second.bin"
    (folder / "second.bin").unlink()
    with pytest.raises(data.CorruptDataFile, match="first.bin"):
        data.signs_train_file(manifest=manifest, download=False)
    (folder / "first.bin").unlink()
    with pytest.raises(data.MissingDataFile) as info:
        data.signs_train_file(manifest=manifest, download=False)
    message = str(info.value)
    assert message.startswith("Data file not found: first.bin or second.bin\n")
    assert "course data" not in message  # the student's message: no instructor command
    results = data.fetch_all(manifest=manifest, download=False, advice=course_data.ADVICE)
    assert "course data rebuild-signs SRC_DIR" in results[0].message
    assert "run `course data fetch` in a terminal" in results[0].message


# --------------------------------------------------------------------------- download


def test_download_from_local_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: tuple
) -> None:
    base, routes, log = server
    routes["/files/alpha.bin"] = ALPHA
    urls = [f"{base}/gone/alpha.bin", f"{base}/files/alpha.bin"]
    root = make_course(tmp_path / "course", [entry("alpha.bin", ALPHA, "alpha", urls)])
    monkeypatch.setenv(data.ENV_ROOT, str(root))
    monkeypatch.setenv(data.ENV_MIRROR, f"{base}/mirror/")
    path = data.find_file("alpha.bin")
    assert path == root / "datasets" / "alpha.bin"
    assert path.read_bytes() == ALPHA
    assert [p for p, _ in log] == ["/mirror/alpha.bin", "/gone/alpha.bin", "/files/alpha.bin"]
    assert {agent for _, agent in log} == {data.USER_AGENT}
    assert leftovers(root / "datasets") == []
    assert data.find_file("alpha.bin") == path
    assert len(log) == 3


def test_download_with_wrong_content_is_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: tuple
) -> None:
    base, routes, _ = server
    wrong = b"x" * len(ALPHA)
    routes["/alpha.bin"] = wrong
    routes["/short/alpha.bin"] = ALPHA[:10]
    urls = [f"{base}/alpha.bin", f"{base}/short/alpha.bin", f"{base}/none/alpha.bin"]
    root = make_course(tmp_path / "course", [entry("alpha.bin", ALPHA, "alpha", urls)])
    monkeypatch.setenv(data.ENV_ROOT, str(root))
    with pytest.raises(data.MissingDataFile) as info:
        data.find_file("alpha.bin")
    message = str(info.value)
    assert (
        f"  - {base}/alpha.bin: sha256 mismatch: expected {sha(ALPHA)[:12]}..., "
        f"got {sha(wrong)[:12]}...; deleted"
    ) in message
    assert f"  - {base}/short/alpha.bin: truncated: 10 of 1024 bytes; deleted" in message
    assert f"  - {base}/none/alpha.bin: HTTP 404 Not Found" in message
    assert sorted(p.name for p in (root / "datasets").iterdir()) == ["manifest.json"]


def test_mirror_as_file_url_or_folder(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mirror = tmp_path / "mirror folder"
    mirror.mkdir()
    (mirror / "alpha.bin").write_bytes(ALPHA)
    (mirror / "beta.bin").write_bytes(BETA[:-1])
    monkeypatch.setenv(data.ENV_MIRROR, mirror.as_uri())
    assert data.find_file("alpha.bin") == course / "datasets" / "alpha.bin"
    assert (course / "datasets" / "alpha.bin").read_bytes() == ALPHA
    with pytest.raises(data.MissingDataFile) as info:
        data.find_file("beta.bin")
    assert (
        f"{mirror.as_uri()}/beta.bin: truncated: {len(BETA) - 1} of {len(BETA)} bytes; deleted"
        in (str(info.value))
    )
    (mirror / "beta.bin").unlink()
    with pytest.raises(data.MissingDataFile, match=r"beta\.bin: cannot read \(.*No such file"):
        data.find_file("beta.bin")
    (mirror / "beta.bin").write_bytes(BETA)
    monkeypatch.setenv(data.ENV_MIRROR, str(mirror))  # a folder path works as well
    assert data.find_file("beta.bin").read_bytes() == BETA
    assert leftovers(course / "datasets") == []


def test_mirror_is_tried_for_every_form_before_the_manifest_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: tuple
) -> None:
    base, routes, log = server
    routes["/first.bin"] = FIRST
    entries = [
        entry("first.bin", FIRST, "signs_train", [f"{base}/first.bin"]),
        entry("second.bin", SECOND, "signs_train"),
    ]
    root = make_course(tmp_path / "course", entries)
    monkeypatch.setenv(data.ENV_ROOT, str(root))
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "second.bin").write_bytes(SECOND)
    monkeypatch.setenv(data.ENV_MIRROR, mirror.as_uri())
    assert data.signs_train_file() == root / "datasets" / "second.bin"
    assert log == []  # the mirror's second form won before any URL of the first was tried
    monkeypatch.delenv(data.ENV_MIRROR)
    (root / "datasets" / "second.bin").unlink()
    assert data.signs_train_file() == root / "datasets" / "first.bin"
    assert [path for path, _ in log] == ["/first.bin"]


# --------------------------------------------------------------------------- fetch_all


@pytest.fixture
def fetch_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: tuple) -> Path:
    """Five data sets: beta present, alpha and pair (second form) in a source folder, gamma
    on the server, delta corrupt in datasets/, epsilon nowhere."""
    base, routes, _ = server
    routes["/gamma.bin"] = GAMMA
    entries = [
        entry("alpha.bin", ALPHA, "alpha"),
        entry("beta.bin", BETA, "beta"),
        entry("gamma.bin", GAMMA, "gamma", [f"{base}/gamma.bin"]),
        entry("delta.bin", ALPHA, "delta"),
        entry("epsilon.bin", BETA, "epsilon", [f"{base}/epsilon.bin"]),
        entry("first.bin", FIRST, "pair"),
        entry("second.bin", SECOND, "pair"),
    ]
    root = make_course(tmp_path / "course", entries)
    (root / "datasets" / "beta.bin").write_bytes(BETA)
    (root / "datasets" / "delta.bin").write_bytes(b"?" * len(ALPHA))
    source = tmp_path / "source"
    source.mkdir()
    (source / "alpha.bin").write_bytes(ALPHA)
    (source / "second.bin").write_bytes(SECOND)
    (source / "epsilon.bin").write_bytes(BETA[:-3])
    monkeypatch.setenv(data.ENV_ROOT, str(root))
    return root


def test_fetch_all_statuses(fetch_course: Path, tmp_path: Path) -> None:
    results = data.fetch_all(source=tmp_path / "source")
    folder = fetch_course / "datasets"
    assert [(r.name, r.provides, r.status, r.path) for r in results] == [
        ("alpha.bin", "alpha", "copied", folder / "alpha.bin"),
        ("beta.bin", "beta", "present", folder / "beta.bin"),
        ("gamma.bin", "gamma", "downloaded", folder / "gamma.bin"),
        ("delta.bin", "delta", "corrupt", folder / "delta.bin"),
        ("epsilon.bin", "epsilon", "missing", None),
        ("second.bin", "pair", "copied", folder / "second.bin"),
    ]
    assert results[0].message == f"from {tmp_path / 'source' / 'alpha.bin'}"
    assert results[3].message == (
        f"sha256 mismatch: expected {sha(ALPHA)[:12]}..., got {sha(b'?' * 1024)[:12]}...; "
        "delete it and run `python -m assignments.data fetch` again"
    )
    assert f"{tmp_path / 'source' / 'epsilon.bin'}: truncated: 647 of 650 bytes" in (
        results[4].message
    )
    assert "epsilon.bin: HTTP 404 Not Found" in results[4].message
    assert (folder / "alpha.bin").read_bytes() == ALPHA
    assert (folder / "gamma.bin").read_bytes() == GAMMA
    assert (folder / "delta.bin").read_bytes() == b"?" * len(ALPHA)
    assert leftovers(folder) == []


def test_fetch_all_without_download(fetch_course: Path) -> None:
    results = data.fetch_all(download=False)
    assert [(r.name, r.status) for r in results] == [
        ("alpha.bin", "missing"),
        ("beta.bin", "present"),
        ("gamma.bin", "missing"),
        ("delta.bin", "corrupt"),
        ("epsilon.bin", "missing"),
        ("first.bin", "missing"),
    ]
    assert "download: skipped (--no-download)" in results[2].message
    assert "first.bin or second.bin" in results[5].message


def test_fetch_all_from_data_dir(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "alpha.bin").write_bytes(ALPHA)
    (extra / "beta.bin").write_bytes(BETA)
    monkeypatch.setenv(data.ENV_DATA_DIR, str(extra))
    assert [r.status for r in data.fetch_all(download=False)] == ["copied", "copied"]
    assert [r.status for r in data.fetch_all(download=False)] == ["present", "present"]
    with pytest.raises(data.DataFileError, match="--source folder does not exist"):
        data.fetch_all(source=tmp_path / "nowhere")


# --------------------------------------------------------------------------- CLI


def run_cli(*argv: str) -> int:
    """Parse ``course data ARGV`` with configure_parser and run the chosen command."""
    parser = argparse.ArgumentParser(prog="course data")
    course_data.configure_parser(parser)
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_cli_fetch_and_verify(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "alpha.bin").write_bytes(ALPHA)
    assert run_cli("verify") == 1
    assert run_cli("fetch", "--no-download", "--source", str(source)) == 1
    (source / "beta.bin").write_bytes(BETA)
    assert run_cli("fetch", "--source", str(source), "--mirror", "http://127.0.0.1:9") == 0
    assert run_cli("verify") == 0
    (course / "datasets" / "beta.bin").write_bytes(BETA[:5])
    assert run_cli("verify") == 1
    assert run_cli("fetch", "--source", str(tmp_path / "nowhere")) == 1
    out, err = capsys.readouterr()
    assert "corrupt" in out
    assert "--source folder does not exist" in err
    flat = "".join(out.replace("│", "").split())  # the instructor's wording, through rich
    assert "run`coursedatafetch`" in flat
    assert "assignments.datafetch" not in flat


def test_cli_needs_a_subcommand() -> None:
    with pytest.raises(SystemExit) as info:
        run_cli()
    assert info.value.code == 2


def test_cli_rebuild_help_says_how_to_get_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli("rebuild-signs", "--help")
    out = capsys.readouterr().out
    assert (
        "git clone https://github.com/littlecapa/pytorch_template && git -C pytorch_template "
        "checkout 3daa5f934b878f2e42cc27cd1bdf09ce1b8003f0"
    ) in out
    assert "SRC_DIR=pytorch_template/data/64x64_SIGNS" in out


# --------------------------------------------------------------------------- student command


def test_student_command_fetch_names_and_verify(
    course: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "alpha.bin").write_bytes(ALPHA)
    monkeypatch.setenv(data.ENV_MIRROR, mirror.as_uri())
    assert data.main(["fetch", "alpha.bin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Data folder: {course / 'datasets'}\n")
    assert "downloaded alpha.bin" in out and f"from {mirror.as_uri()}/alpha.bin" in out
    assert out.endswith("Every data file is in place and verified.\n")
    assert data.main(["fetch", "alpha"]) == 0  # a data set name works too
    assert "present    alpha.bin" in capsys.readouterr().out
    assert data.main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "ok         alpha.bin" in out and "missing    beta.bin" in out
    assert "run `python -m assignments.data fetch`" in out and "course data" not in out
    assert out.endswith("1 problem(s): see above.\n")
    assert data.main(["fetch"]) == 1  # beta.bin is on no mirror and has no URL
    assert data.main(["fetch", "nothing.bin"]) == 1
    assert capsys.readouterr().err == (
        "error: not in the manifest: nothing.bin\n  data sets: alpha, beta\n"
        "  files: alpha.bin, beta.bin\n"
    )
    (course / "datasets" / "alpha.bin").write_bytes(ALPHA[:-1])
    assert data.main(["verify"]) == 1
    assert "delete it and run `python -m assignments.data fetch`" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        data.main([])
    assert info.value.code == 2


def test_packaged_manifest_and_the_per_user_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "find_course_root", lambda: None)  # as in a student install
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(data.ENV_CACHE, raising=False)
    manifest = data.load_manifest()
    assert manifest.root is None
    assert manifest.files == data.load_manifest(REPO).files
    assert manifest.source.endswith("manifest.json")
    assert manifest.data_dir == tmp_path / "home" / ".cache" / "dl-course" / "datasets"
    monkeypatch.setenv(data.ENV_CACHE, "relative/cache")  # not absolute: ignored (XDG spec)
    assert manifest.data_dir == tmp_path / "home" / ".cache" / "dl-course" / "datasets"
    monkeypatch.setenv(data.ENV_CACHE, str(tmp_path / "cache"))
    assert manifest.data_dir == tmp_path / "cache" / "dl-course" / "datasets"
    with pytest.raises(data.MissingDataFile) as info:
        data.find_file("data.mat", download=False)
    lines = str(info.value).splitlines()
    cache = tmp_path / "cache" / "dl-course" / "datasets"
    assert lines[2] == (
        f"  - {cache / 'data.mat'} (per-user data folder): folder {cache} does not exist"
    )
    assert lines[5] == (
        "  - run `python -m assignments.data fetch` in a terminal; it downloads every data "
        f"file into {cache}"
    )
    mine = tmp_path / "mine"
    monkeypatch.setenv(data.ENV_DATA_DIR, str(mine))
    assert manifest.data_dir == mine
    assert data._search_folders(manifest) == [("$COURSE_DATA_DIR", mine)]


# --------------------------------------------------------------------------- student install

FORBIDDEN = ("course", "nbgrader", "nbclient", "nbconvert", "rich", "dask", "distributed")
EXPECTED_FILES = ["data.mat", "test_catvnoncat.h5", "test_signs.h5", "train_catvnoncat.h5"]
EXPECTED_FILES.append("train_signs_64.h5")
LOAD_BOTH = """
import json
from assignments import loaders
cat, signs = loaders.load_cat_data(), loaders.load_signs_data()
print(json.dumps([[list(a.shape), str(a.dtype)] for a in (*cat, *signs)]))
"""
LOAD_AND_SHOW_ERROR = """
import sys
from assignments import data, loaders
print(data.__file__)
try:
    loaders.{loader}()
except data.{error} as err:
    print("ERROR:", err)
else:
    sys.exit("no {error}")
"""


@pytest.fixture
def student(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """A student install: the package copied (manifest.json dereferenced, as in a wheel) to
    tmp/site, the only entry of PYTHONPATH; a notebook folder outside any course; HOME and
    XDG_CACHE_HOME in tmp; no COURSE_* variable; internet downloads refused by a dead proxy.
    Returns run(*python_args, **extra_env) -> CompletedProcess."""
    site = tmp_path / "site"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "assignments", site / "assignments", symlinks=False, ignore=ignore)
    assert not (site / "assignments" / "manifest.json").is_symlink()
    work = tmp_path / "notebooks"
    work.mkdir()
    proxies = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("COURSE_") and key.lower() not in proxies and key != "PYTHONPATH"
    }
    dead = "http://127.0.0.1:9"  # nothing listens: a download from the internet fails at once
    env.update(PYTHONPATH=str(site), HOME=str(tmp_path / "home"), http_proxy=dead)
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), https_proxy=dead, MPLBACKEND="Agg")

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=work,
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    return run


def assert_student_text(text: str) -> None:
    """Names only what a student has: the student command, no instructor command or file."""
    assert "python -m assignments.data fetch" in text
    for word in ("course data", "README", "course repository", "rebuild-signs"):
        assert word not in text


@needs_shared
def test_student_install_fetch_verify_load(student: Callable, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "dl-course" / "datasets"
    shown = student(
        "-c", LOAD_AND_SHOW_ERROR.format(loader="load_cat_data", error="MissingDataFile")
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[0] == str(tmp_path / "site" / "assignments" / "data.py")
    message = shown.stdout.split("ERROR: ", 1)[1]
    assert message.startswith("Data file not found: train_catvnoncat.h5\n")
    assert f"{cache / 'train_catvnoncat.h5'} (per-user data folder)" in message
    assert f"downloads every data file into {cache}" in message
    assert "cannot connect" in message  # every URL of the manifest was tried
    assert "COURSE_DATA_DIR" in message and "COURSE_DATA_MIRROR" in message
    assert_student_text(message)

    fetched = student("-m", "assignments.data", "fetch", COURSE_DATA_MIRROR=DATASETS.as_uri())
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert fetched.stdout.startswith(f"Data folder: {cache}\n")
    assert fetched.stdout.endswith("Every data file is in place and verified.\n")
    assert sorted(path.name for path in cache.iterdir()) == EXPECTED_FILES
    manifest = data.load_manifest(REPO)
    for name in EXPECTED_FILES:
        assert data._hash_file(cache / name) == manifest.file(name).sha256
    verified = student("-m", "assignments.data", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert sum(line.startswith("ok ") for line in verified.stdout.splitlines()) == 5

    loaded = student("-c", LOAD_BOTH)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("SIGNS training set: train_signs_64.h5 (verified rebuild")
    assert json.loads(loaded.stdout.splitlines()[-1]) == [
        [[209, 64, 64, 3], "uint8"], [[1, 209], "int64"], [[50, 64, 64, 3], "uint8"],
        [[1, 50], "int64"], [[2], "|S7"],
        [[1080, 64, 64, 3], "uint8"], [[1, 1080], "int64"], [[120, 64, 64, 3], "uint8"],
        [[1, 120], "int64"], [[6], "int64"],
    ]  # fmt: skip

    broken = cache / "test_signs.h5"
    payload = bytearray(broken.read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    broken.write_bytes(bytes(payload))
    shown = student(
        "-c", LOAD_AND_SHOW_ERROR.format(loader="load_signs_data", error="CorruptDataFile")
    )
    assert shown.returncode == 0, shown.stderr
    message = shown.stdout.split("ERROR: ", 1)[1]
    assert message.startswith(f"Data file is corrupt: {broken}\n")
    assert f"Fix: delete {broken} and run `python -m assignments.data fetch`" in message
    assert_student_text(message)
    verified = student("-m", "assignments.data", "verify")
    assert verified.returncode == 1
    assert f"corrupt    test_signs.h5        {broken}" in verified.stdout


@needs_shared
def test_student_install_with_course_data_dir(student: Callable, tmp_path: Path) -> None:
    mine = tmp_path / "my data"
    env = {"COURSE_DATA_DIR": str(mine), "COURSE_DATA_MIRROR": str(DATASETS)}
    fetched = student("-m", "assignments.data", "fetch", "data.mat", "signs_train", **env)
    assert fetched.returncode == 0, fetched.stdout + fetched.stderr
    assert sorted(path.name for path in mine.iterdir()) == ["data.mat", "train_signs_64.h5"]
    assert not (tmp_path / "cache").exists()
    missing = student("-m", "assignments.data", "fetch", "--mirror", str(tmp_path), **env)
    assert missing.returncode == 1
    assert "missing    train_catvnoncat.h5" in missing.stdout
    assert_student_text(missing.stdout)


def module_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every absolute import of a Python file, and of every
    importlib.import_module / __import__ call with a literal name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
                found.append((node.lineno, str(first.value)))
    return found


def test_student_package_never_imports_instructor_tools() -> None:
    files = sorted((REPO / "assignments").rglob("*.py"))
    assert REPO / "assignments" / "datafetch.py" in files
    bad = [
        f"{path.relative_to(REPO)}:{line} imports {name}"
        for path in files
        for line, name in module_imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert bad == []


def test_importing_the_student_package_loads_no_instructor_tool(tmp_path: Path) -> None:
    code = textwrap.dedent(
        """
        import importlib, json, pkgutil, sys
        import assignments
        names = [m.name for m in pkgutil.walk_packages(assignments.__path__, "assignments.")]
        for name in names:
            importlib.import_module(name)
        report = {"file": assignments.__file__, "names": names, "loaded": list(sys.modules)}
        print(json.dumps(report))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    env.update(PYTHONPATH=str(REPO), MPLBACKEND="Agg")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["file"] == str(REPO / "assignments" / "__init__.py")
    assert {"assignments.data", "assignments.datafetch", "assignments.nn.layers"} <= set(
        report["names"]
    )
    assert [m for m in report["loaded"] if m.split(".")[0] in FORBIDDEN] == []


# --------------------------------------------------------------------------- real data


@pytest.fixture
def real_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Use the repository's manifest and the verified files of ../shared/datasets, in a
    course folder of its own (the repository's datasets/ may hold fetched copies)."""
    (tmp_path / "datasets").mkdir()
    shutil.copy2(REPO / "datasets" / "manifest.json", tmp_path / "datasets" / "manifest.json")
    monkeypatch.setenv(data.ENV_ROOT, str(tmp_path))
    monkeypatch.setenv(data.ENV_DATA_DIR, str(DATASETS))


@needs_shared
def test_load_cat_data(real_data: None) -> None:
    train_x, train_y, test_x, test_y, classes = loaders.load_cat_data()
    assert (train_x.shape, train_x.dtype) == ((209, 64, 64, 3), np.uint8)
    assert (train_y.shape, train_y.dtype) == ((1, 209), np.int64)
    assert (test_x.shape, test_x.dtype) == ((50, 64, 64, 3), np.uint8)
    assert (test_y.shape, test_y.dtype) == ((1, 50), np.int64)
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert np.bincount(train_y[0]).tolist() == [137, 72]
    assert np.bincount(test_y[0]).tolist() == [17, 33]
    assert (int(train_x.min()), int(train_x.max())) == (0, 255)


@needs_shared
def test_load_signs_data(real_data: None, capsys: pytest.CaptureFixture[str]) -> None:
    x_train, y_train, x_test, y_test, classes = loaders.load_signs_data()
    assert capsys.readouterr().out == (
        "SIGNS training set: train_signs_64.h5 (verified rebuild from the CS230 64x64 JPEGs; "
        "not byte-identical to the original train_signs.h5)\n"
    )
    assert data.signs_train_file() == DATASETS / "train_signs_64.h5"
    assert (x_train.shape, x_train.dtype) == ((1080, 64, 64, 3), np.uint8)
    assert (y_train.shape, y_train.dtype) == ((1, 1080), np.int64)
    assert (x_test.shape, x_test.dtype) == ((120, 64, 64, 3), np.uint8)
    assert (y_test.shape, y_test.dtype) == ((1, 120), np.int64)
    assert classes.tolist() == [0, 1, 2, 3, 4, 5]
    assert np.bincount(y_train[0]).tolist() == [180] * 6
    assert np.bincount(y_test[0]).tolist() == [20] * 6
    assert (int(x_test.min()), int(x_test.max())) == (3, 241)


@needs_shared
def test_load_football_data(real_data: None) -> None:
    train_x, train_y, test_x, test_y = loaders.load_football_data()
    assert (train_x.shape, train_x.dtype) == ((2, 211), np.float64)
    assert (train_y.shape, train_y.dtype) == ((1, 211), np.uint8)
    assert (test_x.shape, test_x.dtype) == ((2, 200), np.float64)
    assert (test_y.shape, test_y.dtype) == ((1, 200), np.uint8)
    assert np.bincount(train_y[0]).tolist() == [105, 106]
    assert np.bincount(test_y[0]).tolist() == [113, 87]
    assert np.round([train_x[0].min(), train_x[0].max()], 3).tolist() == [-0.597, 0.297]
    assert np.round([train_x[1].min(), train_x[1].max()], 3).tolist() == [-0.658, 0.573]


@needs_shared
def test_verify_real_files(real_data: None) -> None:
    results = data.verify_all()
    assert [(r.name, r.status) for r in results] == [
        ("train_catvnoncat.h5", "ok"),
        ("test_catvnoncat.h5", "ok"),
        ("train_signs_64.h5", "ok"),
        ("test_signs.h5", "ok"),
        ("data.mat", "ok"),
    ]
    assert run_cli("verify") == 0


@needs_shared
def test_manifest_keys_match_the_real_files() -> None:
    import h5py
    import scipy.io

    for spec in data.load_manifest(REPO).files:
        path = DATASETS / spec.name
        if not path.is_file():
            continue
        if spec.name.endswith(".mat"):
            arrays = {k: v for k, v in scipy.io.loadmat(path).items() if not k.startswith("__")}
        else:
            with h5py.File(path, "r") as handle:
                arrays = {key: handle[key][:] for key in handle}
        found = {k: {"dtype": str(a.dtype), "shape": list(a.shape)} for k, a in arrays.items()}
        expected = {k: {"dtype": v["dtype"], "shape": v["shape"]} for k, v in spec.keys.items()}
        assert found == expected, spec.name
        assert path.stat().st_size == spec.bytes


@needs_shared
def test_signs_writer_reproduces_the_manifest_sha256(tmp_path: Path) -> None:
    import h5py

    with h5py.File(DATASETS / "train_signs_64.h5", "r") as handle:
        images, labels = handle["train_set_x"][:], handle["train_set_y"][:]
    out = tmp_path / "train_signs_64.h5"
    course_data._write_signs_h5(images, labels, out)
    assert data._hash_file(out) == data.load_manifest(REPO).file("train_signs_64.h5").sha256


# --------------------------------------------------------------------------- SIGNS rebuild


TINY = {  # file -> (folder, colour); sorted by name they come in this order
    "0_IMG_1.jpg": ("val_signs", (200, 30, 30)),
    "0_IMG_5 (1).jpg": ("train_signs", (30, 200, 30)),
    "0_IMG_5.jpg": ("train_signs", (30, 30, 200)),
    "1_IMG_2.jpg": ("val_signs", (120, 120, 0)),
    "5_IMG_0.jpg": ("train_signs", (0, 120, 120)),
}


def write_jpeg(path: Path, colour: tuple[int, int, int], size: tuple[int, int] = (64, 64)) -> None:
    """A JPEG of ``size`` with a colour gradient, saved with Pillow defaults (quality 75)."""
    from PIL import Image

    ramp = np.linspace(0, 1, size[0] * size[1] * 3).reshape(size[1], size[0], 3)
    pixels = (ramp * np.array(colour)).astype(np.uint8)
    Image.fromarray(pixels).save(path)


@pytest.fixture
def tiny_signs(tmp_path: Path) -> Path:
    """A SRC_DIR with five 64x64 JPEGs in train_signs/ and val_signs/, plus a non-JPEG."""
    src = tmp_path / "64x64_SIGNS"
    for folder in ("train_signs", "val_signs"):
        (src / folder).mkdir(parents=True)
    for name, (folder, colour) in TINY.items():
        write_jpeg(src / folder / name, colour)
    (src / "train_signs" / "notes.txt").write_text("not an image")
    return src


def test_rebuild_tiny_folder(tiny_signs: Path, tmp_path: Path) -> None:
    import h5py
    from PIL import Image

    manifest = data.load_manifest(REPO)
    out = tmp_path / "a" / "train_signs_64.h5"
    with pytest.warns(data.RebuildMismatchWarning, match="sha256") as record:
        assert course_data.rebuild_signs_64(tiny_signs, out, manifest=manifest) == out
    assert "1080 expected, 5 found" in str(record[0].message)
    assert "Pillow" in str(record[0].message)
    with h5py.File(out, "r") as handle:
        assert list(handle) == ["list_classes", "train_set_x", "train_set_y"]
        assert handle["list_classes"][:].tolist() == [0, 1, 2, 3, 4, 5]
        assert handle["list_classes"].dtype == np.int64
        x, y = handle["train_set_x"], handle["train_set_y"]
        assert (x.shape, x.dtype, y.shape, y.dtype) == ((5, 64, 64, 3), np.uint8, (5,), np.int64)
        assert (x.chunks, x.compression) == (None, None)
        assert y[:].tolist() == [0, 0, 0, 1, 5]
        for index, (name, (folder, _)) in enumerate(TINY.items()):
            expected = np.asarray(Image.open(tiny_signs / folder / name).convert("RGB"))
            np.testing.assert_array_equal(x[index], expected)
    again = tmp_path / "b" / "train_signs_64.h5"
    with pytest.warns(data.RebuildMismatchWarning):
        course_data.rebuild_signs_64(tiny_signs, again, manifest=manifest)
    assert data._hash_file(again) == data._hash_file(out)


def test_rebuild_errors(tiny_signs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.h5"
    with pytest.raises(data.DataFileError, match="SIGNS source folder not found(.|\n)*git clone"):
        course_data.rebuild_signs_64(tmp_path / "nowhere", out)
    write_jpeg(tiny_signs / "val_signs" / "2_IMG_9.jpg", (9, 9, 9), size=(48, 32))
    with pytest.raises(data.DataFileError, match=r"2_IMG_9\.jpg is 48x32, expected 64x64"):
        course_data.rebuild_signs_64(tiny_signs, out)
    (tiny_signs / "val_signs" / "2_IMG_9.jpg").unlink()
    write_jpeg(tiny_signs / "val_signs" / "IMG_9.jpg", (9, 9, 9))
    with pytest.raises(data.DataFileError, match="IMG_9.jpg: the file name carries no label"):
        course_data.rebuild_signs_64(tiny_signs, out)
    for path in (tiny_signs / "val_signs").iterdir():
        path.unlink()
    (tiny_signs / "val_signs").rmdir()
    with pytest.raises(data.DataFileError, match="has no val_signs/ folder"):
        course_data.rebuild_signs_64(tiny_signs, out)
    empty = tmp_path / "empty"
    (empty / "train_signs").mkdir(parents=True)
    (empty / "val_signs").mkdir()
    with pytest.raises(data.DataFileError, match="No .jpg files"):
        course_data.rebuild_signs_64(empty, out)
    assert not out.exists()


def test_cli_rebuild_exit_codes(
    tiny_signs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rebuilt.h5"
    assert run_cli("rebuild-signs", str(tiny_signs), "--out", str(out)) == 3
    assert out.is_file()
    captured = capsys.readouterr()
    assert "5 images (per class 0: 3, 1: 1, 2: 0, 3: 0, 4: 0, 5: 1)" in captured.out
    assert "DIFFERS from the manifest's e3c9fb16bc3b..." in captured.out
    assert "warning: The rebuilt rebuilt.h5 has sha256" in captured.err
    assert run_cli("rebuild-signs", str(tmp_path / "nowhere"), "--out", str(out)) == 1
    assert "error: SIGNS source folder not found" in capsys.readouterr().err


# --------------------------------------------------------------------------- circles


@pytest.mark.parametrize(("n_samples", "seed"), [(300, 1), (100, 2), (7, 0), (301, 5), (2, 3)])
def test_make_circles_is_bit_identical_to_scikit_learn(n_samples: int, seed: int) -> None:
    from sklearn.datasets import make_circles  # test-only dependency (requirements-test.txt)

    X, y = loaders.make_circles(n_samples, noise=0.05, seed=seed)
    X_sk, y_sk = make_circles(n_samples, noise=0.05, random_state=seed)
    assert X.dtype == X_sk.dtype and y.dtype == y_sk.dtype
    assert np.array_equal(X, X_sk) and np.array_equal(y, y_sk)
    # the original assignment seeded numpy's global generator and passed no random_state
    np.random.seed(seed)
    X_global, y_global = make_circles(n_samples=n_samples, noise=0.05)
    assert np.array_equal(X, X_global) and np.array_equal(y, y_global)
    np.random.seed(seed)
    X_ours, _ = loaders.make_circles(n_samples, noise=0.05)
    assert np.array_equal(X, X_ours)


def test_make_circles_without_noise_and_other_factor() -> None:
    from sklearn.datasets import make_circles

    X, y = loaders.make_circles(10, factor=0.3, seed=4)
    X_sk, y_sk = make_circles(10, factor=0.3, random_state=4)
    assert np.array_equal(X, X_sk) and np.array_equal(y, y_sk)
    radii = np.round(np.hypot(X[:, 0], X[:, 1]), 12)
    assert sorted(set(radii.tolist())) == [0.3, 1.0]
    assert (radii[y == 1] == 0.3).all()


def test_load_circles_data_shapes_and_first_points() -> None:
    train_X, train_Y, test_X, test_Y = loaders.load_circles_data()
    assert (train_X.shape, train_Y.shape, test_X.shape, test_Y.shape) == (
        (2, 300), (1, 300), (2, 100), (1, 100),
    )  # fmt: skip
    assert train_X[:, 0].tolist() == [-0.07741354010048114, 0.8526022642742742]
    assert int(train_Y.sum()) == 150 and int(test_Y.sum()) == 50
