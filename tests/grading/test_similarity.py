"""course similarity: a disguised copy is found; correct solutions and lone bugs are not."""

from __future__ import annotations

import shutil

import pytest
from course import cli
from course.grading import samples, similarity

from tests.conftest import CONV, CONV_VARIANTS, copy_course

ALICE = '''"""An unusual, vectorized conv_forward of her own."""

BASE = "solution"


def conv_forward(A_prev, W, b, hparameters):
    stride, pad = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    f = W.shape[0]
    n_C = W.shape[3]
    n_H = (n_H_prev + 2 * pad - f) // stride + 1
    n_W = (n_W_prev + 2 * pad - f) // stride + 1
    padded = np.pad(A_prev, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    Z = np.empty((m, n_H, n_W, n_C))
    for row in range(n_H):
        top = row * stride
        for col in range(n_W):
            left = col * stride
            patch = padded[:, top : top + f, left : left + f, :]
            product = np.tensordot(patch, W, axes=([1, 2, 3], [0, 1, 2]))
            Z[:, row, col, :] = product + b.reshape(1, -1)
    cache = (A_prev, W, b, hparameters)
    return Z, cache
'''

# Alice's function with every variable renamed, comments added, lines re-wrapped.
BOB = '''"""Alice's conv_forward, disguised."""

BASE = "solution"


def conv_forward(A_prev, W, b, hparameters):
    # my own convolution, written from scratch
    s, p = hparameters["stride"], hparameters["pad"]
    batch, height, width, channels = A_prev.shape
    size = W.shape[0]  # filter size
    filters = W.shape[3]
    out_h = (height + 2 * p - size) // s + 1
    out_w = (width + 2 * p - size) // s + 1
    x_padded = np.pad(A_prev, ((0, 0), (p, p), (p, p), (0, 0)))
    out_volume = np.empty((batch, out_h, out_w, filters))

    for i in range(out_h):
        y0 = i * s  # top row of the window
        for j in range(out_w):
            x0 = j * s
            window = x_padded[:, y0 : y0 + size, x0 : x0 + size, :]
            product = np.tensordot(
                window, W, axes=([1, 2, 3], [0, 1, 2])
            )
            out_volume[:, i, j, :] = (product
                                      + b.reshape(1, -1))
    cache = (A_prev, W, b, hparameters)
    return out_volume, cache
'''


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("similarity"))
    variants = tmp_path_factory.mktemp("variants")
    (variants / "alice.py").write_text(ALICE)
    (variants / "bob.py").write_text(BOB)
    shutil.copy(CONV_VARIANTS / "conv_forward_ignores_stride.py", variants / "carol.py")
    shutil.copy(CONV_VARIANTS / "reference.py", variants / "ref_one.py")
    shutil.copy(CONV_VARIANTS / "reference.py", variants / "ref_two.py")
    shutil.copy(CONV_VARIANTS / "blank.py", variants / "blank.py")
    samples.write_sample_class(root, CONV, variants)
    return root


def test_the_disguised_copy_is_the_only_suspicious_pair(course):
    students, reference = similarity.collect(course, CONV)
    assert sorted(students) == ["alice", "blank", "bob", "carol", "ref-one", "ref-two"]
    assert students["blank"] == {}  # nothing of their own beyond the release
    pairs = similarity.compare(students, reference)
    top = pairs[0]
    assert (top.first, top.second, top.score) == ("alice", "bob", 1.0)
    assert list(top.functions) == ["conv_forward"] and top.shared >= similarity.MIN_SHARED
    assert similarity.suspicious(pairs) == [top]
    # the reference solutions share nothing rare with anyone
    assert not [p for p in pairs if {"ref-one", "ref-two"} & {p.first, p.second}]


def test_normalize_ignores_names_comments_and_layout():
    first = "def f(x, y):\n    '''doc'''\n    total = x + y  # add\n    return total * 2\n"
    second = "def f(a, b):\n    s = (a +\n         b)\n    return s * 2\n"
    assert similarity.normalize(first, "f") == similarity.normalize(second, "f")
    assert similarity.normalize(first, "f") == ["v2 = v0 + v1", "return v2 * 2"]
    assert similarity.normalize("def f(:", "f") is None


def test_course_similarity_writes_the_report(course, monkeypatch):
    monkeypatch.setenv("COURSE_ROOT", str(course))
    assert cli.main(["similarity", CONV]) == 0
    html = (course / "reports" / CONV / "similarity.html").read_text()
    assert "<h2>1. alice and bob: 1.00" in html
    assert "out_volume" in html and "padded" in html  # both versions, as written
    assert "<h2>2." not in html
