"""nbgrader's Execute preprocessor, hardened for hostile or broken submissions.

Used by autograde in place of nbgrader's ``Execute`` (see ``nbgrader_config.py``):

- the kernel is the sandboxed kernel of ``course.grading.sandbox`` (IPC transport,
  since the kernel has no network);
- a cell that kills the kernel (``os._exit``, a segfault, the memory cap) or that times out
  (an infinite loop, even one that swallows ``KeyboardInterrupt``) gets an error output that
  says so; the kernel is restarted, the cells that ran before are replayed, and grading goes on
  with the next cell: the other functions keep their points;
- each cell's output is capped: text (streams, errors) at ``max_output_bytes`` and rich
  displays (figures, HTML) at ``max_display_bytes``, so a flood of prints or of images cannot
  exhaust the grader's memory, while a notebook's ordinary figures (a grid of pictures is a few
  hundred kB) are kept; a cell that goes on past ``stop_output_bytes`` of either kind is a
  flood: it is stopped there like a crashed cell (the kernel restarted) instead of printing
  until its time runs out, which would cost the cell's whole timeout and a core busy reading
  output the grader throws away;
- the whole notebook has a wall-time budget (``notebook_timeout``); cells past it are not run
  and say so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import string
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from jupyter_client.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Bool, Enum, Integer, Unicode

from course.grading.sandbox import tmpfs, unmount_lazily

KERNEL_NAME = "course-sandbox"
_REAP_CHILDREN = """
import os as _os
while True:
    try:
        if _os.waitpid(-1, _os.WNOHANG)[0] == 0:
            break
    except ChildProcessError:
        break
"""


def _kernels_root() -> Path:
    base = Path("/run") if os.access("/run", os.W_OK) else Path(tempfile.gettempdir())
    return base / "course-kernels"


def _ipc_folder() -> tuple[Path, bool]:
    """A new folder for one kernel's IPC sockets, and whether it is its own small tmpfs.

    The sandboxed kernel writes its sockets there as the student's uid, so the student can
    write there too: as root the folder is a tmpfs of 1 MB and 64 inodes (nothing written
    there counts against the host's disk or memory beyond that), unmounted afterwards."""
    folder = _kernels_root() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        return folder, False
    try:
        tmpfs(folder, "size=1m,nr_inodes=64,mode=0755")
    except OSError:
        return folder, False
    return folder, True


def _remove_ipc_folder(folder: Path, mounted: bool) -> None:
    """Remove a kernel's IPC folder whatever the student left in it (a 1200-deep chain of
    folders made shutil.rmtree hit RecursionError): unmount, then ``rm -rf`` (no recursion
    limit)."""
    if mounted:
        with contextlib.suppress(OSError):
            unmount_lazily(folder)
    subprocess.run(["rm", "-rf", "--one-file-system", str(folder)], capture_output=True)


STALE_IPC_SECONDS = 24 * 3600  # no kernel lives a day: a notebook's budget is 15 minutes


def sweep_stale_ipc_folders() -> list[Path]:
    """Remove the IPC folders of kernels whose grader was killed before it could remove them
    (SIGKILL, the OOM killer): each is a small tmpfs left mounted. A folder untouched for
    STALE_IPC_SECONDS belongs to no running kernel. Returns the folders removed."""
    removed = []
    for folder in _kernels_root().glob("*"):
        if len(folder.name) != 32 or not all(c in string.hexdigits for c in folder.name):
            continue  # not a kernel's folder (the kernel spec's jupyter/)
        try:
            age = time.time() - folder.stat().st_mtime
        except OSError:
            continue  # removed meanwhile by its grader
        if age > STALE_IPC_SECONDS:
            _remove_ipc_folder(folder, os.path.ismount(folder))
            removed.append(folder)
    return removed


def install_kernelspec() -> Path:
    """Write the sandboxed kernel's spec into a private Jupyter data dir and put that dir
    first on JUPYTER_PATH; return the dir. Idempotent."""
    data_dir = _kernels_root() / "jupyter"
    spec_dir = data_dir / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "course.grading.sandbox", "kernel",
                 "{connection_file}"],
        "display_name": "Python 3 (course grading sandbox)",
        "language": "python",
        # The kernel may be in another network namespace and run as another user:
        # interrupts travel as messages, not signals to the launcher.
        "interrupt_mode": "message",
    }  # fmt: skip
    # atomically: parallel graders install it while others start kernels from it
    tmp = spec_dir / f"kernel.json.{os.getpid()}"
    tmp.write_text(json.dumps(spec, indent=1))
    os.replace(tmp, spec_dir / "kernel.json")
    paths = os.environ.get("JUPYTER_PATH", "").split(os.pathsep)
    if str(data_dir) not in paths:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(data_dir), *filter(None, paths)])
    return data_dir


def _children(pid: int) -> list[int]:
    """Child processes of every thread of ``pid`` (from /proc)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children += [int(c) for c in (task / "children").read_text().split()]
    return children


def _descendants(pid: int) -> list[int]:
    """``pid`` and its descendants, parents before children."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop(0)
        found.append(current)
        queue += _children(current)
    return found


def _is_kernel(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return b"ipykernel_launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
    return False


def _error(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[
        f"{ename}: {evalue}"
    ])  # fmt: skip


# The notebook metadata key where ExecuteInSandbox lists what it did: [{"cell": index,
# "kind": text, "restarted": bool}], read by the report (autograde.incidents).
INCIDENTS_KEY = "course_incidents"


# Messages whose content is a rich display (a figure's PNG, HTML), budgeted apart from text.
DISPLAY_MESSAGES = frozenset({"display_data", "update_display_data", "execute_result"})


class ExecuteInSandbox(Execute):
    """Execute that survives crashes, hangs and floods, cell by cell."""

    sandbox = Bool(True, help="Run the kernel in the grading sandbox.").tag(config=True)
    notebook_timeout = Integer(900, help="Wall-time budget of a notebook (s).").tag(config=True)
    max_output_bytes = Integer(100_000, help="Text output kept per cell (bytes).").tag(config=True)
    max_display_bytes = Integer(
        2_000_000, help="Rich display output (figures, HTML) kept per cell (bytes)."
    ).tag(config=True)
    max_notebook_bytes = Integer(
        20_000_000, help="Outputs of all cells together kept per notebook (bytes)."
    ).tag(config=True)
    stop_output_bytes = Integer(
        10_000_000, help="A cell whose text or displays pass this (bytes) is stopped."
    ).tag(config=True)
    max_recoveries = Integer(8, help="Kernel restarts per notebook.").tag(config=True)
    # A graded notebook's kernel has nothing to save: killed at once (its PID namespace goes
    # with it), not asked to shut down and polled, which cost 0.3 s of every submission.
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate").tag(config=True)
    crash_message = Unicode(
        "this cell stopped the kernel ({what}); it scores nothing, and the cells after it ran "
        "in a fresh kernel"
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._replay: list[str] = []
        self._recoveries = 0
        self._deadline = time.monotonic() + self.notebook_timeout
        self._ipc_dir: Path | None = None
        self._ipc_mounted = False
        self.reset_output_budgets()
        # What the grader itself did to the notebook, for the report: kept in the notebook's
        # metadata, which the kernel cannot write (an output that imitates one of the
        # grader's messages is just an output), replacing whatever the submission held.
        nb.metadata[INCIDENTS_KEY] = self._incidents
        if self.sandbox:
            sweep_stale_ipc_folders()
            install_kernelspec()
            self.kernel_name = KERNEL_NAME
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if self._ipc_dir is not None:
                _remove_ipc_folder(self._ipc_dir, self._ipc_mounted)

    def create_kernel_manager(self):
        km = super().create_kernel_manager()
        if self.sandbox:
            self._ipc_dir, self._ipc_mounted = _ipc_folder()
            km.transport = "ipc"
            km.ip = str(self._ipc_dir / "k")
        return km

    # ------------------------------------------------------------------ outputs

    def reset_output_budgets(self) -> None:
        """Every cell's output budgets as they are before a notebook runs."""
        self._output_bytes: dict[tuple[int, bool], int] = {}
        self._truncated: set[tuple[int, bool]] = set()
        self._flooded: int | None = None  # the index of a cell stopped for its output
        self._kept = 0  # bytes of output kept in the whole notebook
        self._dropped: set[int] = set()  # cells whose output passed the notebook's budget
        self._incidents: list[dict] = []  # {"cell", "kind", "restarted"}: see INCIDENTS_KEY

    def output(self, outs, msg, display_id, cell_index):
        display = msg["msg_type"] in DISPLAY_MESSAGES
        key = (cell_index, display)
        used = self._output_bytes.get(key, 0) + len(json.dumps(msg["content"]))
        self._output_bytes[key] = used
        limit = self.max_display_bytes if display else self.max_output_bytes
        size = len(json.dumps(msg["content"]))
        if used <= limit and self._kept + size <= self.max_notebook_bytes:
            self._kept += size
            return super().output(outs, msg, display_id, cell_index)
        if used <= limit:  # many cells each under its budget: the notebook's is used up
            if cell_index not in self._dropped:
                self._dropped.add(cell_index)
                self._incident(cell_index, "outputs dropped past the notebook's output budget")
                outs.append(NotebookNode(
                    output_type="stream", name="stdout",
                    text=f"\n[output dropped: the notebook's outputs passed "
                         f"{self.max_notebook_bytes} bytes]\n",
                ))  # fmt: skip
            return None
        if used > self.stop_output_bytes and self._flooded is None:
            # stop waiting for this cell: nbclient then raises DeadKernelError, and
            # preprocess_cell restarts the kernel (which stops the flood); nbclient's watch
            # on the kernel's life, which would otherwise outlive the cell, goes too
            self._flooded = cell_index
            for task in asyncio.all_tasks():
                if getattr(task.get_coro(), "__name__", "") == "_async_poll_kernel_alive":
                    task.cancel()
            self.task_poll_for_reply.cancel()
        if key not in self._truncated:
            self._truncated.add(key)
            self._incident(cell_index, "printed too much, output cut")
            what = "displayed" if display else "printed"
            outs.append(NotebookNode(
                output_type="stream", name="stdout",
                text=f"\n[output truncated: this cell {what} more than {limit} bytes]\n",
            ))  # fmt: skip
        return None

    def handle_comm_msg(self, outs, msg, cell_index):
        """Comm messages (widgets) are ignored: nbclient would keep every widget's state and
        buffers, which no output budget counts (2 GB kept after a 1.5 GB flood), and grading
        needs no widget."""
        return None

    # ------------------------------------------------------------------ cells

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if time.monotonic() > self._deadline:
            cell.outputs = [_error("NotebookTimeout", (
                f"not run: the notebook used up its {self.notebook_timeout} s time budget"
            ))]  # fmt: skip
            self._incident(index, f"not run: the notebook's {self.notebook_timeout} s were used up")
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            if self._flooded == index:
                self._flooded = None
                what = f"stopped after printing more than {self.stop_output_bytes} bytes"
                self._recover(cell, index, what)
            else:
                self._recover(cell, index, "the kernel died: os._exit, a crash or the memory limit")
            return cell, resources
        except CellTimeoutError:
            self._recover(cell, index, f"no result after {self.timeout} s")
            return cell, resources
        self._reap()
        if any(o.get("ename") == "CellTimeoutError" for o in cell.outputs):
            # The kernel was interrupted but may still be busy (a loop that swallows
            # KeyboardInterrupt): start afresh rather than queue the next cells behind it.
            self._recover(cell, index, f"no result after {self.timeout} s", keep_outputs=True)
        else:
            self._replay.append(cell.source)
        return cell, resources

    def _incident(self, index: int, kind: str, restarted: bool = False) -> None:
        self._incidents.append({"cell": index, "kind": kind, "restarted": restarted})

    def _reap(self) -> None:
        """Kill every process the kernel started during the cell (forks, detached
        background jobs): no process outlives the cell that started it."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is None:
            return
        kernel = next((p for p in _descendants(process.pid) if _is_kernel(p)), None)
        strays = _descendants(kernel)[1:] if kernel else []
        for pid in strays:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        if strays:  # let the kernel collect its dead children, which still count as processes
            self.wait_for_reply(self.kc.execute(_REAP_CHILDREN, silent=True, store_history=False))

    def _recover(self, cell, index: int, what: str, keep_outputs: bool = False) -> None:
        if not keep_outputs:
            cell.outputs = [o for o in cell.get("outputs", []) if o.output_type != "error"]
        cell.outputs.append(_error("KernelStopped", self.crash_message.format(what=what)))
        self._incident(index, what, restarted=True)
        self._recoveries += 1
        if self._recoveries > self.max_recoveries:
            raise RuntimeError(f"gave up after {self.max_recoveries} kernel restarts")
        self.log.warning("Restarting the kernel after: %s", what)
        run_sync(self.km.restart_kernel)(now=True)
        run_sync(self.kc.wait_for_ready)(timeout=self.startup_timeout)
        for source in self._replay:
            # each replayed cell within the cell timeout and all of them within the notebook's
            # budget: a cell that runs quickly once and hangs when replayed (a student's code
            # can tell) held the grader for cells x timeout before
            msg_id = self.kc.execute(source, store_history=False, allow_stdin=False)
            if not self._replayed(msg_id, min(self._deadline, time.monotonic() + self.timeout)):
                self.log.warning("A replayed cell did not finish: the notebook's time is up")
                self._deadline = time.monotonic()  # the cells left get NotebookTimeout
                return

    def _replayed(self, msg_id: str, until: float) -> bool:
        """Whether the kernel answered the execute request ``msg_id`` before ``until``."""
        while (left := until - time.monotonic()) > 0:
            try:
                reply = run_sync(self.kc.get_shell_msg)(timeout=left)
            except Exception:  # queue.Empty, or a kernel that went away
                return False
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False
