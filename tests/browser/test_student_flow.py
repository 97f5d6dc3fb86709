"""A student's JupyterLab, end to end: nbgrader's lab extension loads, the visible tests print
their messages, and nbgrader's Validate (button and command) tells right from wrong.

The course's pinned JupyterLab runs from the venv on 127.0.0.1 with a course folder like a
student's clone (``nbgrader_config.py`` at its root): the blank release notebook of
``gradient_checking`` and a copy with every graded function filled in from ``source/`` (the
``reference`` sample student). Headless Chromium (Debian's package, driven by Playwright)
opens each notebook, runs all its cells from the Run menu, reads the rendered outputs and
clicks nbgrader's **Validate** button. Screenshots go to ``artifacts/screenshots/`` (or
``$COURSE_SCREENSHOTS``); ``student-flow.png`` there is the picture of the README
(``docs/student-flow.png``).

nbgrader's extension has broken on newer front ends before (jupyter/nbgrader#1948: not
loaded under JupyterLab 4.3+; #1866: Validate fails under Notebook 7.1 with "Cannot check
version"): these tests fail when that happens to the pinned versions.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from course.grading.cells import grade_id, graded_function_name
from course.grading.samples import SAMPLE_CLASSES, build_notebook, load_variant

from tests.browser.conftest import (
    CHROMIUM_ARGS,
    REPO,
    VENV_BIN,
    LabServer,
    jupyter_env,
    start_lab,
    stop_lab,
)

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is a test requirement (requirements-test.txt)"
)

SLUG = "gradient_checking"
NOTEBOOK = "Gradient_Checking.ipynb"
RELEASE_NB = REPO / "release" / SLUG / NOTEBOOK
SOURCE_NB = REPO / "source" / SLUG / NOTEBOOK
REFERENCE = SAMPLE_CLASSES / SLUG / "reference.py"
BLANK = f"release/{SLUG}/{NOTEBOOK}"  # as released: every graded function still blank
FILLED = f"student/{SLUG}/{NOTEBOOK}"  # every graded function filled in from source/


def _pins() -> dict[str, str]:
    """name -> version of requirements.txt (exact pins)."""
    lines = (REPO / "requirements.txt").read_text().splitlines()
    pairs = (line.split("==") for line in lines if "==" in line and not line.startswith("#"))
    return {name.strip().lower(): version.strip() for name, version in pairs}


PINS = _pins()

# What the visible tests print (assignments/checks.py and the release's test cells).
NOT_IMPLEMENTED = "{name} is not implemented yet: replace `raise NotImplementedError()`"
NOT_IMPLEMENTED_SHORT = "{name} is not implemented yet"  # nbgrader validate cuts long lines
# A function whose test first checks an earlier function it calls says to fix that one first.
CALLS = {"gradient_check": "forward_propagation"}
FIX_FIRST = "{name} calls your {dependency}, which does not pass its own test yet"


def _blank_message(name: str, short: bool = False) -> str:
    """What the test of ``name`` says in the blank notebook."""
    if name in CALLS:
        message = FIX_FIRST.format(name=name, dependency=CALLS[name])
        return message.split(",")[0] if short else message
    return (NOT_IMPLEMENTED_SHORT if short else NOT_IMPLEMENTED).format(name=name)


PASSED = "{name}: all visible tests passed."

VIEWPORT = {"width": 1280, "height": 860}
PAGE_TIMEOUT_MS = 60_000  # loading JupyterLab, a click, a menu
KERNEL_TIMEOUT_MS = 60_000  # the kernel started and connected
BUTTON_TIMEOUT_MS = 20_000  # the Validate button, once the notebook is open
RUN_TIMEOUT_MS = 90_000  # running the notebook (about 2 s here)
VALIDATE_TIMEOUT_MS = 120_000  # nbgrader validate re-runs the notebook in a new kernel (~9 s)

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _graded_functions() -> list[tuple[str, int, int]]:
    """(name, index of its cell, index of its visible test cell) of every graded function,
    in notebook order."""
    cells = nbformat.read(RELEASE_NB, as_version=4).cells
    index = {grade_id(c): i for i, c in enumerate(cells) if grade_id(c)}
    found = []
    for i, cell in enumerate(cells):
        name = graded_function_name(cell)
        if name:
            assert f"test_{name}" in index, f"{NOTEBOOK}: no test cell test_{name}"
            found.append((name, i, index[f"test_{name}"]))
    return found


FUNCTIONS = _graded_functions()
N_CELLS = len(nbformat.read(RELEASE_NB, as_version=4).cells)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A student's course folder: the course config, the blank release notebook, and the
    same notebook with the reference solution of every graded function."""
    root = tmp_path_factory.mktemp("student-course")
    shutil.copy2(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / BLANK).parent.mkdir(parents=True)
    shutil.copy2(RELEASE_NB, root / BLANK)
    (root / FILLED).parent.mkdir(parents=True)
    (root / FILLED).write_text(
        build_notebook(load_variant(REFERENCE), RELEASE_NB, SOURCE_NB), encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def lab(course, lab_home):
    server = start_lab(course, lab_home)
    try:
        yield server
    finally:
        stop_lab(server)


@pytest.fixture(scope="module")
def browser(chromium_path):
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, timeout=PAGE_TIMEOUT_MS
        )  # a fresh temporary profile (user data dir) per launch
        try:
            yield chromium
        finally:
            chromium.close()


# --------------------------------------------------------------------------- the page

# Per cell of the open notebook: its kind, its prompt ("[ ]:", "[*]:", "[3]:") and the text
# of its outputs. textContent, not innerText: cells scrolled out of view are not laid out.
CELLS_JS = """() => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')]
  .map(cell => ({
    code: cell.classList.contains('jp-CodeCell'),
    prompt: (cell.querySelector('.jp-InputArea-prompt') || {textContent: ''}).textContent.trim(),
    output: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => o.textContent).join('\\n'),
  }))"""

# True once cell `index` has run, nothing is queued or running, and the kernel is idle.
RAN_JS = """(index) => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')];
  const prompt = c => (c.querySelector('.jp-InputArea-prompt') || {textContent: ''}).textContent;
  const indicator = document.querySelector('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator');
  return cells.length > index && /^\\[\\d+\\]:$/.test(prompt(cells[index]).trim())
    && !cells.some(c => prompt(c).includes('*'))
    && (!indicator || indicator.dataset.status === 'idle');
}"""


class Notebook:
    """One notebook open in JupyterLab, driven the way a student does it."""

    def __init__(self, browser, lab: LabServer, path: str, workspace: str | None, request,
                 screenshots: Path):  # fmt: skip
        """Open ``path`` in JupyterLab, in a workspace of its own (nothing reopened from an
        earlier test), or with ``workspace=None`` in Notebook 7's notebook page."""
        self.lab = lab
        self.path = path
        self.screenshots = screenshots
        self.name = workspace or "notebook7"
        self.console: list[str] = []
        self.page_errors: list[str] = []  # uncaught exceptions, with their stacks
        request.node.browser_console = self.console  # shown when the test fails
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(PAGE_TIMEOUT_MS)
        self.page.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))
        self.page.on("pageerror", self._on_page_error)
        if workspace is None:
            url = f"{lab.url}/notebooks/{path}?token={lab.token}"
        else:
            url = f"{lab.url}/lab/workspaces/{workspace}/tree/{path}?token={lab.token}"
        self.page.goto(url, wait_until="domcontentloaded")
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for()
        if workspace is not None:
            self.wait_for_kernel()

    def _on_page_error(self, error) -> None:
        text = f"{error}\n{error.stack or ''}"
        self.page_errors.append(text)
        self.console.append(f"[pageerror] {text}")

    def nbgrader_errors(self) -> list[str]:
        """Uncaught exceptions raised in nbgrader's lab extension."""
        return [e for e in self.page_errors if "nbgrader" in e.lower()]

    def close(self) -> None:
        self.context.close()

    def failure_screenshot(self) -> Path:
        path = self.screenshots / f"{self.name}-failure.png"
        self.page.screenshot(path=path)
        return path

    def fail(self, message: str) -> None:
        lines = [f"{i:2d} {c['prompt'] or '(md)':6s} {c['output'][-300:]!r}"
                 for i, c in enumerate(self.cells())]  # fmt: skip
        pytest.fail(
            f"{message} (screenshot {self.failure_screenshot()})\n"
            f"{self.path}, cell by cell:\n" + "\n".join(lines),
            False,
        )

    # -- reading the page

    def cells(self) -> list[dict]:
        return self.page.evaluate(CELLS_JS)

    def cell(self, index: int):
        return self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(index)

    def kernel_status(self) -> str:
        return " ".join(self.page.locator(".jp-StatusBar-TextItem").all_text_contents())

    def wait_for_kernel(self) -> None:
        """The notebook's kernel started, connected and idle: a Run clicked earlier is lost."""
        try:
            self.page.wait_for_function(
                """() => [...document.querySelectorAll('.jp-StatusBar-TextItem')]
                     .some(e => /\\| Idle$/.test(e.textContent.trim()))""",
                timeout=KERNEL_TIMEOUT_MS,
            )
        except playwright_api.TimeoutError:
            pytest.fail(
                f"the kernel of {self.path} was not idle after {KERNEL_TIMEOUT_MS // 1000} s "
                f"(status bar: {self.kernel_status()!r}; screenshot {self.failure_screenshot()})",
                False,
            )
        url = f"{self.lab.url}/api/kernels?token={self.lab.token}"
        with urllib.request.urlopen(url, timeout=10) as answer:
            kernels = json.load(answer)
        assert any(k["connections"] > 0 for k in kernels), f"no kernel connected: {kernels}"

    # -- acting on it

    def menu(self, menu: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()

    def wait_until_ran(self, index: int, what: str) -> None:
        try:
            self.page.wait_for_function(RAN_JS, arg=index, timeout=RUN_TIMEOUT_MS)
        except playwright_api.TimeoutError:
            self.fail(f"{what}: cell {index} had not run within {RUN_TIMEOUT_MS // 1000} s")

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until the kernel is idle again."""
        first_code = next(i for i, c in enumerate(self.cells()) if c["code"])
        self.menu("Run", "Run All Cells")
        self.wait_until_ran(first_code, "Run > Run All Cells")

    def run_on_past_errors(self) -> None:
        """After Run All stopped at an error: select the first cell that has not run and
        Run > Run Selected Cell and All Below, until every code cell has run."""
        for _ in range(N_CELLS):
            waiting = [i for i, c in enumerate(self.cells()) if c["code"] and c["prompt"] == "[ ]:"]
            if not waiting:
                return
            self.cell(waiting[0]).locator(".jp-InputPrompt").click()
            self.menu("Run", "Run Selected Cell and All Below")
            self.wait_until_ran(
                waiting[0], f"Run Selected Cell and All Below from cell {waiting[0]}"
            )
        self.fail("cells still not run after running on past every error")

    def validate(self, screenshot: Path) -> tuple[str, str]:
        """Click nbgrader's Validate button; return the dialog's title and message."""
        button = self.page.locator(".jp-NotebookPanel-toolbar .validate-button")
        button.click()
        dialog = self.page.locator(".jp-Dialog")
        try:
            dialog.locator(".jp-Dialog-header").wait_for(timeout=VALIDATE_TIMEOUT_MS)
            title = dialog.locator(".jp-Dialog-header").text_content().strip()
            if title == "Validation Results":
                dialog.locator("#validation-message").wait_for()
        except playwright_api.TimeoutError:
            pytest.fail(
                f"no dialog within {VALIDATE_TIMEOUT_MS // 1000} s of clicking Validate on "
                f"{self.path} (button label now {button.text_content()!r}; screenshot "
                f"{self.failure_screenshot()})",
                False,
            )
        self.page.screenshot(path=screenshot)
        body = dialog.locator(".jp-Dialog-body")  # the body is nbgrader's #validation-message
        message = body.text_content()
        classes = body.get_attribute("class")
        dialog.locator(".jp-Dialog-footer button").last.click()  # OK
        dialog.wait_for(state="detached")
        return title, f"[{classes}] {message}"

    def scroll_to(self, index: int, block: str) -> None:
        """Scroll cell ``index`` to the top ("start") or bottom ("end") of the notebook."""
        for _ in range(2):  # again once the cells scrolled into view have their real height
            self.cell(index).evaluate("(cell, block) => cell.scrollIntoView({block})", block)
            time.sleep(0.5)

    def hide_left_sidebar(self) -> None:
        self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()


@pytest.fixture
def notebook(browser, lab, request, screenshots):
    opened: list[Notebook] = []

    def open_notebook(path: str, workspace: str | None) -> Notebook:
        opened.append(Notebook(browser, lab, path, workspace, request, screenshots))
        return opened[-1]

    yield open_notebook
    for nb in opened:
        nb.close()


def _assert_extension_loaded(nb: Notebook, page_errors_allowed: bool = False) -> None:
    """nbgrader's lab extension ran in this page: its plugins said so, and its Validate
    button is in the notebook's toolbar, with nothing raised (by nbgrader, when other
    errors of the page are allowed)."""
    button = nb.page.locator(".jp-NotebookPanel-toolbar .validate-button")
    try:
        button.wait_for(state="visible", timeout=BUTTON_TIMEOUT_MS)
    except playwright_api.TimeoutError:
        pytest.fail(
            f"no Validate button in the toolbar of {nb.path} after {BUTTON_TIMEOUT_MS // 1000} s "
            f"(screenshot {nb.failure_screenshot()}): nbgrader's lab extension did not load. "
            "Browser console:\n" + "\n".join(nb.console),
            False,
        )
    assert button.text_content().strip() == "Validate"
    activated = [line for line in nb.console if "validate-assignment is activated" in line]
    assert activated, "nbgrader's validate-assignment plugin was not activated:\n" + "\n".join(
        nb.console
    )
    errors = nb.nbgrader_errors() if page_errors_allowed else nb.page_errors
    assert errors == [], "uncaught errors in the page:\n" + "\n".join(errors)


# --------------------------------------------------------------------------- the tests


def _strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


def test_nbgrader_lab_extension_is_installed_and_enabled(tmp_path):
    """`jupyter labextension list` of the venv: the pinned JupyterLab, Notebook and nbgrader,
    and nbgrader's extension compatible with them ("enabled OK", not "enabled X" as in
    jupyter/nbgrader#1948)."""
    env = jupyter_env(tmp_path)
    result = subprocess.run(
        [str(VENV_BIN / "jupyter"), "labextension", "list"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    listing = _strip_ansi(result.stdout + result.stderr)
    expected = [
        f"JupyterLab v{PINS['jupyterlab']}",
        rf"@jupyter-notebook/lab-extension v{PINS['notebook']} enabled +OK",
        rf"@jupyter/nbgrader v{PINS['nbgrader']} enabled +OK",
    ]
    for line in expected:
        assert re.search(line.replace(".", r"\."), listing), f"no {line!r} in:\n{listing}"
    assert "is not compatible" not in listing, listing


def test_blank_notebook_says_what_is_not_implemented(notebook, screenshots):
    nb = notebook(BLANK, "blank")
    _assert_extension_loaded(nb)

    nb.run_all()  # stops at the first failing test, as it does for a student
    cells = nb.cells()
    first_name, _, first_test = FUNCTIONS[0]
    nb.scroll_to(first_test, "end")  # the end of the traceback: the message
    nb.page.screenshot(path=screenshots / "blank-run-all.png")
    if NOT_IMPLEMENTED.format(name=first_name) not in cells[first_test]["output"]:
        nb.fail(f"Run All: the test of {first_name} does not say it is not implemented yet")

    nb.run_on_past_errors()  # every test cell, each after its function's cell
    cells = nb.cells()
    for name, _, test in FUNCTIONS:
        nb.cell(test).screenshot(path=screenshots / f"blank-test_{name}.png")
        expected = _blank_message(name)
        if expected not in cells[test]["output"]:
            nb.fail(f"the test cell of {name} does not show {expected!r}")
        assert "CheckError" in cells[test]["output"]
        assert PASSED.format(name=name) not in cells[test]["output"]

    title, message = nb.validate(screenshots / "blank-validate.png")
    assert title == "Validation Results", f"{title}: {message}"
    assert "validation-failed" in message, message
    assert message.count("The following cell failed:") == len(FUNCTIONS), message
    for name, _, _ in FUNCTIONS:
        assert _blank_message(name) in message, f"{name} not listed:\n{message}"
    assert nb.page_errors == [], nb.page_errors


def test_filled_notebook_passes_its_visible_tests_and_validates(notebook, screenshots):
    nb = notebook(FILLED, "filled")
    _assert_extension_loaded(nb)

    nb.run_all()
    cells = nb.cells()
    not_run = [
        i for i, c in enumerate(cells) if c["code"] and not re.match(r"\[\d+\]:", c["prompt"])
    ]
    if not_run:
        nb.fail(f"Run All left cells {not_run} unexecuted (an error stopped it?)")
    for name, _, test in FUNCTIONS:
        nb.cell(test).screenshot(path=screenshots / f"filled-test_{name}.png")
        if PASSED.format(name=name) not in cells[test]["output"]:
            nb.fail(f"the test cell of {name} does not show {PASSED.format(name=name)!r}")
    errors = [i for i, c in enumerate(cells) if "Traceback" in c["output"]]
    assert errors == [], f"cells with an error: {errors}"

    # The README's picture: the first graded functions filled in, their tests passing.
    nb.hide_left_sidebar()
    nb.scroll_to(FUNCTIONS[0][1], "start")
    nb.page.screenshot(path=screenshots / "student-flow.png")

    title, message = nb.validate(screenshots / "filled-validate.png")
    assert title == "Validation Results", f"{title}: {message}"
    assert "validation-success" in message, message
    assert "Success! Your notebook passes all the tests." in message, message
    assert nb.page_errors == [], nb.page_errors


def test_validate_button_in_notebook_7(notebook, screenshots):
    """The same Validate button in Notebook 7's page (where jupyter/nbgrader#1866 broke it:
    "Cannot check version: TypeError: t is undefined")."""
    nb = notebook(FILLED, None)
    # Notebook 7.6.5's page raises "Cannot read properties of undefined (reading 'schema')"
    # while loading, with or without nbgrader's extension: only nbgrader's errors count here.
    _assert_extension_loaded(nb, page_errors_allowed=True)
    title, message = nb.validate(screenshots / "notebook7-filled-validate.png")
    assert title == "Validation Results", f"{title}: {message}"
    assert "validation-success" in message, message
    assert "Success! Your notebook passes all the tests." in message, message
    assert nb.nbgrader_errors() == [], nb.nbgrader_errors()


def _nbgrader_validate(course: Path, paths: list[str], home: Path) -> list[str]:
    """The output of `nbgrader validate PATH` run from the course folder, for each path (at
    the same time: each starts a kernel and runs the notebook)."""
    runs = [
        subprocess.Popen(
            [str(VENV_BIN / "nbgrader"), "validate", path],
            cwd=course,
            env=jupyter_env(home),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        for path in paths
    ]
    outputs = []
    try:
        for path, run in zip(paths, runs, strict=True):
            try:
                output, _ = run.communicate(timeout=VALIDATE_TIMEOUT_MS / 1000)
            except subprocess.TimeoutExpired:
                pytest.fail(f"nbgrader validate {path} still running after "
                            f"{VALIDATE_TIMEOUT_MS // 1000} s", False)  # fmt: skip
            output = _strip_ansi(output)
            assert run.returncode == 0, (
                f"nbgrader validate {path} exited {run.returncode}:\n{output}"
            )
            outputs.append(output)
    finally:
        for run in runs:  # a run left behind by a failure, with its kernel
            if run.poll() is None:
                os.killpg(run.pid, signal.SIGKILL)
                run.communicate()
    return outputs


def test_nbgrader_validate_command(course, tmp_path):
    """`nbgrader validate` from the course folder, as a student runs it before submitting."""
    blank, filled = _nbgrader_validate(course, [BLANK, FILLED], tmp_path)
    assert f"VALIDATION FAILED ON {len(FUNCTIONS)} CELL(S)!" in blank, blank
    for name, _, _ in FUNCTIONS:
        assert _blank_message(name, short=True) in blank, f"{name} not listed:\n{blank}"

    assert "Success! Your notebook passes all the tests." in filled, filled
    assert "VALIDATION FAILED" not in filled, filled
