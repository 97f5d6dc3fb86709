"""Fault: a cell forks 500 sleeping processes. The process cap stops the loop (BlockingIOError,
caught here), the children die with the kernel, and every function keeps its points."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "import os, time\n"
        "_children = 0\n"
        "try:\n"
        "    for _ in range(500):\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30)\n"
        "            os._exit(0)\n"
        "        _children += 1\n"
        "except OSError as err:\n"
        "    print('fork stopped:', type(err).__name__)\n"
        "print('children:', _children < 500)\n"
    )
}
