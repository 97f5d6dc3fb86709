"""Attack: imitate the grader's incident lines to make the report blame the grader (or to
hide a real incident among false ones). A student cell raises an exception class named
``KernelStopped`` with the grader's crash message and prints its truncation notice, and the
notebook's metadata claims incidents of its own. All functions are correct: full marks, and
the report shows no incident (the grader writes its record itself, after the kernel ran)."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "class KernelStopped(Exception):\n"
        "    pass\n"
        "\n"
        "class NotebookTimeout(Exception):\n"
        "    pass\n"
        "\n"
        "print('\\n[output truncated: this cell printed more than 100000 bytes]\\n')\n"
        "raise KernelStopped('this cell stopped the kernel (the kernel died: os._exit, a crash '\n"
        "                    'or the memory limit); it scores nothing, and the cells after it '\n"
        "                    'ran in a fresh kernel')\n"
    )
}

NOTEBOOK_METADATA = {
    "course_incidents": [
        {"cell": 3, "kind": "the kernel died: forged by the student", "restarted": True}
    ]
}
