"""Fixtures of the browser tests: Debian's Chromium (installed when missing), a JupyterLab
server of the course's venv on 127.0.0.1, and the folder where screenshots are kept.

Chromium comes from Debian's ``chromium`` package, never from Playwright's download
(``playwright install`` needs a CDN this machine cannot reach): the fixture installs it
with apt-get when it is missing, and skips with the reason only where that is impossible
(not root, no apt-get, or apt-get failed).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent  # the venv that runs pytest runs JupyterLab too
ARTIFACTS_ENV = "COURSE_SCREENSHOTS"  # where screenshots go (default: artifacts/screenshots)
CHROMIUM_ENV = "COURSE_CHROMIUM"  # a Chromium binary to use instead of Debian's
CHROMIUM_PACKAGES = ["chromium", "fonts-liberation"]
APT_TIMEOUT = 900  # s, for apt-get update + install on a slow mirror
SERVER_START_TIMEOUT = 60  # s until JupyterLab answers /api/status

# Flags known to work for headless Chromium as root in a container (no GPU, no sandbox,
# nothing fetched from the network by the browser itself).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _find_chromium() -> str | None:
    override = os.environ.get(CHROMIUM_ENV)
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def _apt_get(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run(
        ["apt-get", "-o", "DPkg::Lock::Timeout=300", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=APT_TIMEOUT,
    )


def install_chromium() -> str:
    """The path of a Chromium binary, installing Debian's package when there is none."""
    found = _find_chromium()
    if found:
        return found
    if os.environ.get(CHROMIUM_ENV):
        pytest.fail(f"${CHROMIUM_ENV}={os.environ[CHROMIUM_ENV]} is not an executable file.")
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip(
            "Chromium is not installed and cannot be installed here (needs root and apt-get: "
            f"apt-get install {' '.join(CHROMIUM_PACKAGES)}, or set ${CHROMIUM_ENV}): the "
            "JupyterLab student flow is not tested on this machine"
        )
    print(f"installing Debian's {' '.join(CHROMIUM_PACKAGES)} with apt-get ...", flush=True)
    install = ["install", "-y", "--no-install-recommends", *CHROMIUM_PACKAGES]
    result = _apt_get(*install)
    if result.returncode != 0:  # an old or missing package list: refresh it once
        update = _apt_get("update")
        result = _apt_get(*install) if update.returncode == 0 else update
    found = _find_chromium()
    if not found:
        pytest.skip(
            f"Chromium is not installed and `apt-get {' '.join(install)}` failed "
            f"(exit {result.returncode}): {(result.stderr or result.stdout).strip()[-800:]}"
        )
    return found


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return install_chromium()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder of the screenshots (CI artifacts): $COURSE_SCREENSHOTS or
    artifacts/screenshots in the repository (git-ignored)."""
    folder = Path(os.environ.get(ARTIFACTS_ENV) or REPO / "artifacts" / "screenshots").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    _SCREENSHOT_FOLDERS.append(folder)
    return folder


_SCREENSHOT_FOLDERS: list[Path] = []


def pytest_terminal_summary(terminalreporter):
    """Say where the screenshots are, at the end of the run (CI keeps them as artifacts)."""
    for folder in _SCREENSHOT_FOLDERS:
        shots = len(list(folder.glob("*.png")))
        terminalreporter.write_line(f"browser tests: {shots} screenshots in {folder}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    """A running ``jupyter lab`` and what a test needs to talk to it."""

    root: Path
    url: str  # http://127.0.0.1:PORT
    token: str
    log: Path
    env: dict[str, str]
    process: subprocess.Popen | None = field(default=None, repr=False)

    def lab_url(self, path: str) -> str:
        return f"{self.url}/lab/tree/{path}?token={self.token}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else "(no log)"


def jupyter_env(home: Path) -> dict[str, str]:
    """Environment of a student's JupyterLab: the venv first on PATH (the kernelspec runs
    `python`), Jupyter's config, data and runtime folders isolated from this machine's,
    and the course folder for `assignments.data`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(
        PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
        IPYTHONDIR=str(home / "ipython"),
        MPLCONFIGDIR=str(home / "matplotlib"),
        COURSE_ROOT=str(REPO),
        PYTHONUNBUFFERED="1",
    )
    env.pop("VIRTUAL_ENV", None)
    return env


def _quiet_lab_settings(settings: Path) -> None:
    """User settings of the isolated JupyterLab: no news or update toasts over the notebook."""
    notification = (
        settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    )
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))


def start_lab(root: Path, home: Path) -> LabServer:
    """Start ``jupyter lab`` of the venv on 127.0.0.1 (free port, random token, no browser,
    root allowed) with ``root`` as its folder; wait until it answers."""
    env = jupyter_env(home)
    for key in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    _quiet_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
    port = _free_port()
    token = os.urandom(16).hex()
    log = home / "jupyter-lab.log"
    argv = [
        str(VENV_BIN / "jupyter-lab"),
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--ServerApp.root_dir={root}",
        f"--IdentityProvider.token={token}",
    ]
    server = LabServer(root=root, url=f"http://127.0.0.1:{port}", token=token, log=log, env=env)
    with log.open("wb") as out:
        server.process = subprocess.Popen(
            argv, cwd=root, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"jupyter lab exited with {server.process.returncode} before answering; "
                f"its log:\n{server.log_text()}"
            )
        try:
            with urllib.request.urlopen(f"{server.url}/api/status?token={token}", timeout=2):
                return server
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            stop_lab(server)
            raise RuntimeError(
                f"jupyter lab did not answer on {server.url} within {SERVER_START_TIMEOUT} s; "
                f"its log:\n{server.log_text()}"
            )
        time.sleep(0.3)


def stop_lab(server: LabServer) -> None:
    """Stop the server and its kernels (the whole process group it leads)."""
    process = server.process
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failure, show the JupyterLab server's log and the browser console."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    server = item.funcargs.get("lab") if hasattr(item, "funcargs") else None
    if isinstance(server, LabServer):
        report.sections.append(("jupyter lab log", server.log_text()[-20000:]))
    console = getattr(item, "browser_console", None)
    if console:
        report.sections.append(("browser console", "\n".join(console)[-20000:]))


@pytest.fixture(scope="module")
def lab_home():
    home = Path(tempfile.mkdtemp(prefix="course-lab-"))
    yield home
    shutil.rmtree(home, ignore_errors=True)
