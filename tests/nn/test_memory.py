"""assignments.nn.memory: glibc keeps the memory a training step frees, so that the next
step's arrays do not fault it back in page by page. Each case runs in a process of its own
(the settings are the process's)."""

from __future__ import annotations

import os
import subprocess
import sys

from assignments.nn import memory

# two 8 MB arrays made and freed five times, after one such round to set the heap up;
# prints whether the settings were made and the page faults of the five rounds
_ROUNDS = """
import resource, sys
import numpy as np
from assignments.nn import memory

kept = memory.keep_heap_for_reuse() if sys.argv[1] == "keep" else None

def rounds(count):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(count):
        a = np.ones(2**21, np.float32)
        b = np.ones(2**21, np.float32)
        del a, b
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before

rounds(1)
print(kept, rounds(5))
"""


def _rounds(how: str, **env: str) -> tuple[str, int]:
    environment = {k: v for k, v in os.environ.items() if k not in memory.VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", _ROUNDS, how],
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    kept, faults = result.stdout.split()
    return kept, int(faults)


def test_this_machine_runs_glibc():
    assert memory.glibc()


def test_kept_heap_gives_the_freed_arrays_back_without_page_faults():
    kept, faults = _rounds("keep")
    assert kept == "True" and faults < 50
    # with glibc's defaults the same rounds fault 4 kB pages back in: 5000 to 7000 here
    kept, faults = _rounds("defaults")
    assert kept == "None" and faults > 2000


def test_a_users_malloc_variable_is_left_alone():
    kept, _ = _rounds("keep", MALLOC_TOP_PAD_="0")
    assert kept == "False"
