"""Trusted verification: exact verdicts for sample students and for attacks on the grader.

Every submission is checked in the sandbox (``sandbox=True``) unless a test says otherwise;
calls get 3 s instead of 10 (1 s in the test of loops) so that the loops below cost seconds,
not minutes; a looped conv_forward whose conv_single_step calls are answered by the grader
needs well under 1 s alone, more on a loaded 2-core machine.
"""

import ast
import io
import textwrap
import time
import zipfile

import nbformat
import numpy as np
import pytest
from course.grading import samples, trusted
from course.grading.trusted import protocol, runner

from tests.conftest import CONV as SLUG
from tests.conftest import CONV_FUNCTIONS as FUNCTIONS
from tests.conftest import CONV_RELEASE as RELEASE
from tests.conftest import CONV_SOURCE as SOURCE
from tests.conftest import CONV_VARIANTS as VARIANTS
from tests.conftest import REPO

SOURCE_DIR = REPO / "source" / SLUG

WRONG_CONV_FORWARD = '''
def conv_forward(A_prev, W, b, hparameters):
    """Ignores the stride."""
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, n_C = W.shape[0], W.shape[3]
    stride, pad = hparameters["stride"], hparameters["pad"]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    A_prev_pad = zero_pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            window = A_prev_pad[:, h:h + f, w:w + f, :]
            Z[:, h, w, :] = np.tensordot(window, W, axes=3) + b.reshape(-1)
    return Z, (A_prev, W, b, hparameters)
'''


def failing(*names: str) -> dict[str, bool]:
    """The verdict map in which exactly ``names`` fail."""
    return {name: name not in names for name in FUNCTIONS}


def sample(variant: str) -> str:
    return samples.build_notebook(samples.load_variant(VARIANTS / f"{variant}.py"), RELEASE, SOURCE)


def with_cell(text: str, code: str) -> str:
    """The notebook with one more code cell at the end (a student may add cells)."""
    nb = nbformat.reads(text, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(code)))
    return nbformat.writes(nb)


def with_function(text: str, name: str, code: str) -> str:
    """The notebook with the cell of graded function ``name`` replaced by ``code``."""
    nb = nbformat.reads(text, as_version=4)
    (cell,) = [c for c in nb.cells if samples.graded_function_name(c) == name]
    cell.source = f"# GRADED FUNCTION: {name}\n{textwrap.dedent(code)}"
    return nbformat.writes(nb)


@pytest.fixture
def check(tmp_path):
    """Write a notebook text and run trusted verification on it."""

    def run(text: str, **options) -> trusted.TrustedResult:
        path = tmp_path / f"submission{len(list(tmp_path.iterdir()))}.ipynb"
        path.write_text(text, encoding="utf-8")
        options.setdefault("call_seconds", 3.0)
        return trusted.verify(SOURCE_DIR, SOURCE, path, **options)

    return run


# --------------------------------------------------------------------------- sample students


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        ("reference", failing()),
        ("blank", failing(*FUNCTIONS)),
        ("conv_forward_ignores_stride", failing("conv_forward")),
        ("float_bias_numpy2", failing("conv_single_step")),  # conv_forward judged alone
        ("hardcoded_conv_backward", failing("conv_backward")),
    ],
)
def test_sample_students(check, variant, expected):
    result = check(sample(variant))
    assert result.error is None
    assert result.passed == expected


def test_reasons_name_the_case_and_never_the_expected_values(check):
    assert check(sample("reference")).verdicts["conv_forward"] == trusted.Verdict(
        True, "all 6 cases agree with the reference"
    )
    blank = check(sample("blank")).verdicts
    assert blank["zero_pad"].reason == (
        "case 1 (X (2, 3, 5, 4), pad 1): not implemented (raised NotImplementedError)"
    )
    assert all("not implemented (raised NotImplementedError)" in v.reason for v in blank.values())
    stride = check(sample("conv_forward_ignores_stride")).verdicts["conv_forward"].reason
    assert stride == (
        "case 1 (A_prev (2, 7, 5, 3), W (3, 3, 3, 2), b (1, 1, 1, 2), stride 2, pad 0): "
        "result[0] differs from the reference at index (0, 0, 1, 0) (20 of 24 entries)"
    )
    numpy2 = check(sample("float_bias_numpy2")).verdicts["conv_single_step"].reason
    assert numpy2 == (
        "case 1 (a_slice_prev (3, 3, 1), W (3, 3, 1), b (1, 1, 1)): raised TypeError: "
        "only 0-dimensional arrays can be converted to Python scalars"
    )


def test_deleted_cell_and_invalid_json(check, tmp_path):
    deleted = check(sample("deleted_pool_forward_cell"))
    assert deleted.passed == failing("pool_forward")
    assert deleted.verdicts["pool_forward"].reason == "not defined in the notebook"

    result = check(sample("corrupt_json"))
    assert result.passed == failing(*FUNCTIONS)
    assert result.error.startswith("submission1.ipynb is not valid JSON (")


def test_without_the_sandbox(check):
    result = check(sample("reference"), sandbox=False)
    assert (result.error, result.passed) == (None, failing())


# --------------------------------------------------------------------------- the code that runs


def test_student_code_skips_grade_and_locked_cells_and_magics(tmp_path):
    text = with_cell(
        sample("reference"),
        """\
        %time x = 1
          !ls /
        if (1
            != 2):
            y = 2
        """,
    )
    path = tmp_path / "nb.ipynb"
    path.write_text(text)
    code = trusted.student_code(path)
    assert code.count("# %%\n") == 9  # eight function cells and the added one
    assert "def zero_pad(X, pad):" in code and "def pool_backward(" in code
    assert "checks." not in code and "matplotlib" not in code and "imshow" not in code
    assert "%time" not in code and "!ls" not in code
    assert "if (1\n    != 2):\n    y = 2" in code

    path.write_text('{"cells": [')
    with pytest.raises(trusted.NotebookError, match="nb.ipynb is not valid JSON"):
        trusted.student_code(path)


# --------------------------------------------------------------------------- attacks


def test_monkeypatched_numpy_gains_nothing(check):
    text = with_function(sample("reference"), "conv_forward", WRONG_CONV_FORWARD)
    text = with_cell(
        text,
        """\
        np.allclose = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        np.array_equal = lambda *a, **k: True
        np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
        """,
    )
    result = check(text)
    assert (result.error, result.passed) == (None, failing("conv_forward"))


def test_a_lying_ndarray_subclass_gains_nothing(check):
    liar = '''
    class Liar(np.ndarray):
        """Equal to everything, and every NumPy function says it is fine."""

        def __eq__(self, other):
            return np.ones(self.shape, dtype=bool)

        def __ne__(self, other):
            return np.zeros(self.shape, dtype=bool)

        def __array_function__(self, func, types, args, kwargs):
            return True

        def __array__(self, dtype=None, copy=None):
            return np.full(self.shape, 42.0)

    def conv_forward(A_prev, W, b, hparameters):
        m, n_H_prev, n_W_prev, _ = A_prev.shape
        f, n_C = W.shape[0], W.shape[3]
        stride, pad = hparameters["stride"], hparameters["pad"]
        n_H = (n_H_prev + 2 * pad - f) // stride + 1
        n_W = (n_W_prev + 2 * pad - f) // stride + 1
        return np.zeros((m, n_H, n_W, n_C)).view(Liar), (A_prev, W, b, hparameters)
    '''
    result = check(with_function(sample("reference"), "conv_forward", liar))
    assert (result.error, result.passed) == (None, failing("conv_forward"))
    assert result.verdicts["conv_forward"].reason.endswith(
        "result[0] differs from the reference at index (0, 0, 0, 0) (24 of 24 entries)"
    )


def test_objects_that_are_not_plain_data_are_refused(check):
    text = with_function(
        sample("reference"),
        "pool_forward",
        """
        def pool_forward(A_prev, hparameters, mode="max"):
            return np.array([[1.0, None]], dtype=object), (A_prev, hparameters)
        """,
    )
    text = with_function(
        text,
        "conv_backward",
        """
        class Anything:
            def __eq__(self, other):
                return True

        def conv_backward(dZ, cache):
            return Anything(), Anything(), Anything()
        """,
    )
    result = check(text)
    assert (result.error, result.passed) == (None, failing("pool_forward", "conv_backward"))
    reasons = {name: result.verdicts[name].reason for name in ("pool_forward", "conv_backward")}
    assert "returned an unsupported value (an array of dtype object)" in reasons["pool_forward"]
    assert "returned an unsupported value (a value of type Anything)" in reasons["conv_backward"]


def test_os_exit_at_top_level_fails_the_whole_run_quickly(check):
    start = time.monotonic()
    result = check(with_cell(sample("reference"), "import os\nos._exit(0)\n"))
    assert time.monotonic() - start < 10
    assert result.passed == failing(*FUNCTIONS)
    assert result.error == (
        "the notebook's code stopped the trusted check before any function was called: "
        "the process ended (exit code 0)"
    )
    assert all(verdict.reason == result.error for verdict in result.verdicts.values())


def test_loops_and_crashes_cost_only_their_function(check):
    text = with_function(
        sample("reference"),
        "pool_forward",
        """
        def pool_forward(A_prev, hparameters, mode="max"):
            while True:
                pass
        """,
    )
    text = with_function(
        text,
        "conv_backward",
        """
        def conv_backward(dZ, cache):
            while True:  # swallows the alarm: the grader has to stop the process
                try:
                    while True:
                        pass
                except BaseException:
                    pass
        """,
    )
    text = with_function(
        text,
        "distribute_value",
        """
        import ctypes

        def distribute_value(dz, shape):
            ctypes.string_at(0)
        """,
    )
    start = time.monotonic()
    result = check(text, call_seconds=1.0)
    assert time.monotonic() - start < 15
    assert result.error is None
    # pool_backward is judged with the grader's distribute_value: a crash costs one function
    assert result.passed == failing("pool_forward", "conv_backward", "distribute_value")
    reasons = {name: verdict.reason for name, verdict in result.verdicts.items()}
    assert reasons["pool_forward"].endswith(", f 2, stride 2): took longer than 1 s")
    assert reasons["conv_backward"].endswith("took longer than 1 s and could not be interrupted")
    assert reasons["distribute_value"] == (
        "case 1 (dz 3.0, shape (2, 3)): the process was killed by SIGSEGV"
    )


def test_print_floods_are_stopped_and_cost_only_their_function(check):
    """A cell that prints forever is stopped after 10 MB (its functions are still defined);
    a function that prints forever fails with a message that says so."""
    text = with_cell(sample("reference"), "while True:\n    print('x' * 99)\n")
    text = with_function(
        text,
        "distribute_value",
        """
        def distribute_value(dz, shape):
            while True:
                print("x" * 99)
        """,
    )
    start = time.monotonic()
    result = check(text)
    assert time.monotonic() - start < 10
    assert result.error is None
    assert result.passed == failing("distribute_value")
    reason = result.verdicts["distribute_value"].reason
    assert reason == (
        "case 1 (dz 3.0, shape (2, 3)): raised OutputFlood: printed more than 10000000 characters"
    )


def test_changing_an_input_in_place_fails_and_a_01_mask_passes(check):
    text = with_function(
        sample("reference"),
        "create_mask_from_window",
        """
        def create_mask_from_window(x):
            return (x == np.max(x)).astype(int)
        """,
    )
    text = with_cell(
        text,
        """
        _conv_backward = conv_backward

        def conv_backward(dZ, cache):
            grads = _conv_backward(dZ, cache)
            cache[0][0, 0, 0, 0] += 1.0
            return grads
        """,
    )
    result = check(text)
    assert (result.error, result.passed) == (None, failing("conv_backward"))
    assert result.verdicts["conv_backward"].reason.endswith("changed its argument cache in place")


FAKE_FRAMES = """
import os
fake = b"0" * 32 + b" 10\\n" + b"x" * 10 + b"PK\\x03\\x04 garbage\\n"
for fd in range(1, 20):
    try:
        os.write(fd, fake)
    except OSError:
        pass
print(fake)
"""

FIND_CHANNEL = """
import sys
frame = sys._getframe()
while "channel" not in frame.f_locals:
    frame = frame.f_back
channel = frame.f_locals["channel"]
"""


def test_fake_output_without_the_token_is_ignored(check):
    text = with_function(sample("reference"), "conv_forward", WRONG_CONV_FORWARD)
    result = check(with_cell(text, FAKE_FRAMES))
    assert (result.error, result.passed) == (None, failing("conv_forward"))


def test_a_forger_who_knows_the_token_cannot_confuse_the_grader(check):
    malformed = FIND_CHANNEL + "os.write(channel.fd, channel.token + b' 5\\nhello')\n"
    result = check(with_cell(sample("reference"), "import os\n" + malformed))
    assert result.passed == failing(*FUNCTIONS)
    assert result.error.endswith("broke the grader's protocol (an unreadable frame (BadZipFile))")

    # well-formed frames out of order: each run stops at its first function, the next run
    # starts after it, so the check ends (every function failed) instead of looping
    out_of_order = FIND_CHANNEL + "channel.send({'kind': 'loaded'})\nchannel.send({'kind': 'done'})"
    result = check(with_cell(sample("reference"), out_of_order))
    assert (result.error, result.passed) == (None, failing(*FUNCTIONS))
    assert all("broke the grader's protocol" in v.reason for v in result.verdicts.values())


def test_forged_frames_carry_only_values_the_student_computed(check):
    """A complete, well-formed forged stream: honest frames for every function but
    conv_forward, for which it claims made-up values of the right shape. It is judged like
    returned values: the wrong conv_forward still fails, the rest passes."""
    forged = FIND_CHANNEL + textwrap.dedent(
        """
        import json
        import os
        import numpy as np
        import sys; w = sys.modules["__main__"]  # the worker (it runs as a script)

        def made_up(A_prev, W, b, hparameters):
            Z, cache = conv_forward(A_prev, W, b, hparameters)
            return np.ones_like(Z), cache

        cases, arrays = json.load(open("cases.json")), dict(np.load("cases.npz"))
        channel.send({"kind": "loaded", "errors": []})
        for name in sys.argv[4].split(","):
            function = made_up if name == "conv_forward" else globals()[name]
            for index, case in enumerate(cases[name]):
                meta, out = w.call(function, case, arrays, 10.0)
                channel.send({"kind": "result", "function": name, "case": index, **meta}, out)
        channel.send({"kind": "done"})
        os._exit(0)
        """
    )
    text = with_function(sample("reference"), "conv_forward", WRONG_CONV_FORWARD)
    result = check(with_cell(text, forged))
    assert (result.error, result.passed) == (None, failing("conv_forward"))
    assert "result[0] differs from the reference" in result.verdicts["conv_forward"].reason


def _overlapping(archive: bytes, copies: int = 150) -> bytes:
    """``archive`` whose last central-directory record is repeated ``copies`` times: as many
    entries, all reading the same bytes (1.4 GB read for a 16 MB frame before the fix)."""
    import struct

    eocd = archive[-22:]
    count, size, offset = struct.unpack("<HII", eocd[10:20])
    records = archive[offset : offset + size].split(b"PK\x01\x02")[1:]
    directory = b"".join(b"PK\x01\x02" + r for r in records + [records[-1]] * (copies - 1))
    total = count + copies - 1
    eocd = eocd[:8] + struct.pack("<HHII", total, total, len(directory), offset) + eocd[20:]
    return archive[:offset] + directory + eocd


def test_hostile_frames_are_refused_before_anything_is_allocated():
    def stored(**members: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members.items():
                archive.writestr(f"{name}.npy", data)
        return buffer.getvalue()

    def npy(array: np.ndarray) -> bytes:
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=True)
        return buffer.getvalue()

    meta = npy(np.frombuffer(b'{"kind": "done"}', np.uint8))
    assert protocol.read_payload(stored(meta=meta)) == ({"kind": "done"}, {})
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}
    )
    compressed = io.BytesIO()
    np.savez_compressed(compressed, meta=np.frombuffer(b"{}", np.uint8))
    hostile = [
        _overlapping(stored(meta=meta, a0=npy(np.zeros(1000)))),  # 150 entries, one copy
        compressed.getvalue(),  # a decompression bomb would hide here
        stored(meta=meta, a0=npy(np.array([{"x": 1}], dtype=object))),  # a pickle
        stored(meta=meta, a0=header.getvalue() + b"\0" * 64),  # 8 TB announced
        stored(meta=meta, a0=npy(np.zeros(3, dtype=[("x", "<f8")]))),  # a structured dtype
        stored(meta=npy(np.frombuffer(b"[1, 2]", np.uint8))),  # not an object
        stored(meta=npy(np.frombuffer(b"[" * 100_000, np.uint8))),  # deep JSON
        stored(a0=meta),  # no description
        b"PK\x03\x04",
        b"",
    ]
    for payload in hostile:
        with pytest.raises(trusted.ProtocolError):
            protocol.read_payload(payload)


WRONG_ZERO_PAD = """
def zero_pad(X, pad):
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)), constant_values=1)
"""


def test_one_mistake_costs_one_function_the_grader_answers_the_dependencies(check):
    """ISOLATE: while conv_forward and conv_backward run, their calls of zero_pad are answered
    by the grader with the reference's values; the student's zero_pad is judged on its own."""
    result = check(with_function(sample("reference"), "zero_pad", WRONG_ZERO_PAD))
    assert (result.error, result.passed) == (None, failing("zero_pad"))


def test_no_reference_code_runs_where_student_code_runs():
    """The code the worker runs holds the given code and imports, never a solution."""
    for source_dir in sorted((REPO / "source").glob("*/trusted_cases.py")):
        spec = trusted.load_spec(source_dir.parent)
        source_nb = next(source_dir.parent.glob("*.ipynb"))
        solutions = [
            c for c in nbformat.read(source_nb, as_version=4).cells if samples.is_solution(c)
        ]
        for cell in solutions:
            tree = ast.parse(samples.strip_solution_markers(cell.source))
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    assert f"def {node.name}(" not in spec.prelude, (source_dir, node.name)
        assert "__given__" not in spec.prelude


def test_a_forged_call_of_a_dependency_the_function_does_not_use_is_refused(check):
    """Only the listed dependencies of the function being checked are answered: asking the
    grader for conv_forward's values (to pass conv_forward) breaks the protocol."""
    forged = textwrap.indent(FIND_CHANNEL, "    ") + textwrap.indent(
        textwrap.dedent(
            """
            import sys; w = sys.modules["__main__"]  # the worker (it runs as a script)
            arrays = {}
            args = w.encode([a_slice_prev, W, b], arrays)
            channel.send({"kind": "depend", "function": "conv_single_step",
                          "dependency": "conv_forward", "sequence": 1, "args": [args, {}]},
                         arrays)
            return np.sum(a_slice_prev * W) + float(b)
            """
        ),
        "    ",
    )
    code = "def conv_single_step(a_slice_prev, W, b):\n" + forged
    result = check(with_function(sample("reference"), "conv_single_step", code))
    assert not result.passed["conv_single_step"]
    assert "a call of conv_forward while conv_single_step" in (result.error or "") + " ".join(
        v.reason for v in result.verdicts.values()
    )


def test_a_malformed_call_of_a_dependency_breaks_the_protocol_not_the_grader(check):
    """A dependency named by a list made the grader raise TypeError: the submission became a
    grader failure and kept its kernel scores."""
    code = "def zero_pad(X, pad):\n" + textwrap.indent(
        FIND_CHANNEL + "channel.send({'kind': 'depend', 'function': 'zero_pad', 'dependency': [1], "
        "'sequence': 1, 'args': None})\nreturn X\n",
        "    ",
    )
    result = check(with_function(sample("reference"), "zero_pad", code))
    assert result.passed["zero_pad"] is False
    assert "broke the grader's protocol (a malformed call of a dependency)" in (
        result.verdicts["zero_pad"].reason
    )


def test_a_dependency_called_far_more_often_than_the_reference_does_is_refused(check):
    flood = """
    def conv_backward(dZ, cache):
        for _ in range(100_000):
            zero_pad(np.zeros((1, 2, 2, 1)), 1)
        return None
    """
    result = check(with_function(sample("reference"), "conv_backward", flood))
    assert result.passed == failing("conv_backward")
    assert "calls of zero_pad" in result.verdicts["conv_backward"].reason


def test_a_dependency_asked_for_a_huge_answer_is_refused_before_it_costs_the_grader(check):
    """Tiny arguments may ask the grader's reference for a huge answer: distribute_value(1.0,
    (6000, 6000)) is 288 MB computed, encoded and queued in the grader's own process (about
    1.2 GB at its peak, red team round 3; a larger shape would take the machine's memory).
    The reference now runs with little room to allocate and its answer is sized: the call is
    refused, and a student whose function is right otherwise keeps it."""
    code = """
    def pool_backward(dA, cache, mode="max"):
        try:
            huge = distribute_value(1.0, (6000, 6000))
            refused = huge.shape != (6000, 6000)
        except Exception:
            refused = True
        A_prev, hparameters = cache
        f, stride = hparameters["f"], hparameters["stride"]
        dA_prev = np.zeros(A_prev.shape)
        m, n_H, n_W, n_C = dA.shape
        for i in range(m):
            for h in range(n_H):
                for w in range(n_W):
                    for c in range(n_C):
                        v, u = h * stride, w * stride
                        if mode == "max":
                            window = A_prev[i, v:v + f, u:u + f, c]
                            mask = window == np.max(window)
                            dA_prev[i, v:v + f, u:u + f, c] += mask * dA[i, h, w, c]
                        else:
                            dA_prev[i, v:v + f, u:u + f, c] += dA[i, h, w, c] / (f * f)
        return dA_prev if refused else dA_prev + 1.0
    """
    result = check(with_function(sample("reference"), "pool_backward", code))
    assert result.passed["pool_backward"], result.verdicts["pool_backward"].reason
    assert all(result.passed.values())


def test_memory_room_turns_a_huge_allocation_into_a_memory_error():
    with pytest.raises(MemoryError), runner._memory_room(64 * 2**20):
        np.ones((6000, 6000))
    assert np.ones((6000, 6000)).shape == (6000, 6000)  # the cap is lifted afterwards
