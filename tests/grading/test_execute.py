"""The output budgets of ExecuteInSandbox, without a kernel: text and figures apart, and the
stop of a cell that floods."""

from __future__ import annotations

import asyncio
import json

from course.grading.preprocessors.execute_in_sandbox import ExecuteInSandbox


def _message(msg_type: str, content: dict) -> dict:
    header = {"msg_type": msg_type}
    return {"header": header, "parent_header": {}, "msg_type": msg_type, "content": content}


def _stream(text: str) -> dict:
    return _message("stream", {"name": "stdout", "text": text})


def _figure(png: str) -> dict:
    return _message("display_data", {"data": {"image/png": png}, "metadata": {}})


def _executor() -> ExecuteInSandbox:
    executor = ExecuteInSandbox(max_output_bytes=200, max_display_bytes=2_000)
    executor.reset_output_budgets()
    executor.clear_before_next_output = False
    return executor


def test_a_figure_larger_than_the_text_budget_is_kept():
    executor, outs = _executor(), []
    executor.output(outs, _stream("x" * 100), None, 0)
    executor.output(outs, _figure("A" * 1_500), None, 0)
    assert [o.output_type for o in outs] == ["stream", "display_data"]
    assert outs[1].data["image/png"] == "A" * 1_500


def test_text_and_figures_are_cut_at_their_own_budget_with_one_notice_each():
    executor, outs = _executor(), []
    for _ in range(5):
        executor.output(outs, _stream("y" * 100), None, 0)
    for _ in range(3):
        executor.output(outs, _figure("B" * 900), None, 0)
    texts = [o.text for o in outs if o.output_type == "stream"]
    assert texts == [
        "y" * 100,
        "\n[output truncated: this cell printed more than 200 bytes]\n",
        "\n[output truncated: this cell displayed more than 2000 bytes]\n",
    ]
    assert sum(o.output_type == "display_data" for o in outs) == 2


def test_each_cell_has_its_own_budget():
    executor, outs = _executor(), []
    executor.output(outs, _stream("z" * 150), None, 0)
    executor.output(outs, _stream("z" * 150), None, 1)
    assert [o.text for o in outs] == ["z" * 150, "z" * 150]


def test_the_notebook_has_a_budget_for_all_cells_together():
    """Many cells, each showing HTML just under its own budget: a 111 kB submission gave a
    380 MB autograded notebook before the notebook-wide budget."""
    executor, outs = _executor(), []
    executor.max_notebook_bytes = 5_000
    for cell in range(6):
        executor.output(outs, _figure("C" * 1_900), None, cell)
        executor.output(outs, _figure("C" * 10), None, cell)
    kept = [o for o in outs if o.output_type == "display_data"]
    notices = [o.text for o in outs if o.output_type == "stream"]
    assert sum(len(json.dumps(o.data)) for o in kept) <= 5_000
    assert [len(o.data["image/png"]) for o in kept] == [1900, 10, 1900, 10, 10, 10, 10, 10]
    assert notices == ["\n[output dropped: the notebook's outputs passed 5000 bytes]\n"] * 4


def test_widget_messages_are_not_kept():
    executor = _executor()
    message = _message("comm_msg", {"comm_id": "w", "data": {"state": {"value": "x" * 10**6}}})
    for _ in range(3):
        executor.handle_comm_msg([], message, 0)
    assert executor.widget_state == {} and executor.widget_buffers == {}


def test_a_cell_that_floods_is_stopped_once_and_others_are_not():
    async def scenario():
        executor, outs = _executor(), []
        executor.stop_output_bytes = 2_000
        watch = asyncio.ensure_future(asyncio.sleep(60))  # stands for nbclient's tasks
        executor.task_poll_for_reply = asyncio.ensure_future(asyncio.sleep(60))
        for _ in range(8):
            executor.output(outs, _stream("w" * 100), None, 3)
        not_stopped = executor._flooded is None and not executor.task_poll_for_reply.cancelling()
        for _ in range(10):
            executor.output(outs, _stream("w" * 100), None, 3)
        await asyncio.sleep(0)
        stopped = executor.task_poll_for_reply.cancelled()
        watch.cancel()
        return not_stopped, stopped, executor._flooded, len(outs)

    not_stopped, stopped, flooded, kept = asyncio.run(scenario())
    assert not_stopped  # 8 messages of 130 bytes: cut after the first, not stopped
    assert stopped and flooded == 3  # past 2000 bytes: the wait for the cell is cancelled
    assert kept == 2  # the first message and the one notice


STUDENT_WRITES_IN_THE_IPC_FOLDER = """
import errno, json, os
import ipykernel
folder = os.path.dirname(json.load(open(ipykernel.get_connection_file()))["ip"])
written = files = 0
try:
    with open(os.path.join(folder, "big"), "wb") as fh:
        for _ in range(64):
            fh.write(b"x" * 65536)
            fh.flush()
            written += 65536
except OSError as exc:
    assert exc.errno == errno.ENOSPC
try:
    for i in range(10_000):
        os.mkdir(os.path.join(folder, *["d"] * (i + 1)))
        files += 1
except OSError as exc:
    assert exc.errno == errno.ENOSPC
print(folder, written, files)
"""


STUDENT_FILLS_TMP_WITH_EMPTY_FILES = """
import errno, os
os.makedirs("/tmp/many", exist_ok=True)
made = 0
try:
    for i in range(100_000):  # each empty file costs the host a few hundred bytes of memory
        open(f"/tmp/many/{i}", "w").close()
        made += 1
except OSError as exc:
    assert exc.errno == errno.ENOSPC
print(made)
"""


def test_the_kernels_ipc_folder_is_small_and_gone_after_grading(tmp_path):
    """The sandboxed kernel's socket folder is writable by the student: as root it is a tmpfs
    of 1 MB and 64 inodes, and it is removed, a deep chain of folders included. The student's
    /tmp holds a bounded number of files."""
    from pathlib import Path

    import nbformat
    import pytest
    from course.grading import sandbox

    if sandbox.level() != sandbox.FULL:
        pytest.fail("this machine cannot run the full sandbox (root, unshare, mount, setpriv)")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(STUDENT_WRITES_IN_THE_IPC_FOLDER),
        nbformat.v4.new_code_cell(STUDENT_FILLS_TMP_WITH_EMPTY_FILES),
    ])  # fmt: skip
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    executor = ExecuteInSandbox(timeout=60)
    executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    folder, written, files = nb.cells[0].outputs[0]["text"].split()
    assert int(written) <= 1024 * 1024 and int(files) < 64
    assert not Path(folder).exists()
    assert int(nb.cells[1].outputs[0]["text"]) < sandbox.TMP_INODES


def test_ipc_folders_a_killed_grader_left_are_swept_a_day_later():
    """A grader killed with SIGKILL cannot remove its kernel's IPC folder (a mounted tmpfs):
    the next notebook graded removes such folders once they are a day old, and only those."""
    import os
    import time

    from course.grading.preprocessors import execute_in_sandbox as execute

    (stale, stale_mounted), (fresh, fresh_mounted) = execute._ipc_folder(), execute._ipc_folder()
    (stale / "k-shell").touch()
    a_day_ago = time.time() - execute.STALE_IPC_SECONDS - 60
    os.utime(stale, (a_day_ago, a_day_ago))
    try:
        removed = execute.sweep_stale_ipc_folders()
        assert (stale in removed, fresh in removed) == (True, False)
        assert (stale.exists(), fresh.is_dir()) == (False, True)
        assert (stale_mounted, os.path.ismount(fresh)) == (os.geteuid() == 0,) * 2
    finally:
        execute._remove_ipc_folder(fresh, fresh_mounted)
        execute._remove_ipc_folder(stale, stale_mounted)


def test_a_cell_that_hangs_only_when_replayed_costs_the_notebooks_budget_once(tmp_path):
    """A cell runs quickly, then hangs when it is replayed after a crash (replayed cells run
    without history, which student code can see); 20 more cells would each have waited a full
    cell timeout. Now the replay stops at the first cell that does not finish and the cells
    left are not run."""
    import time

    import nbformat

    bomb = "if get_ipython().execution_count < 2:\n    while True:\n        pass"
    cells = ["x = 1", bomb, *[f"y{i} = {i}" for i in range(20)], "import os\nos._exit(0)", "z = 1"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    executor = ExecuteInSandbox(timeout=3, notebook_timeout=120, sandbox=False)
    started = time.monotonic()
    executor.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert time.monotonic() - started < 30
    assert [o.ename for o in nb.cells[-2].outputs] == ["KernelStopped"]
    assert [o.ename for o in nb.cells[-1].outputs] == ["NotebookTimeout"]
