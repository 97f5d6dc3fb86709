"""The wire format of trusted verification, shared by the grader and the worker.

This module runs at both ends: in the grader's process (imported as
``course.grading.trusted.protocol``) and inside the grading sandbox, where
``course/grading/trusted_worker.py`` loads it by its path (the sandbox binds this one file:
:func:`course.grading.sandbox.readonly_paths`). It imports nothing but the standard library
and NumPy.

The grader writes ``code.py`` (cells separated by ``# %%`` lines), ``cases.json`` and
``cases.npz`` into a fresh private temporary directory and starts the worker on it, through
``python -m course.grading.sandbox run DIR -- ...``. The sandbox works on a copy of DIR
(at /tmp/work in a private /tmp), so nothing comes back through files: results come back on the
worker's stdout. A fresh random token is written to the worker's stdin. The worker keeps a
duplicate of its stdout for itself and, before the student's code runs, points file descriptors
1 and 2 at /dev/null, so that whatever that code prints never enters the channel (nor costs the
grader any reading). On the channel it writes frames::

    TOKEN SIZE\\n  followed by SIZE bytes: an uncompressed npz holding "meta" (UTF-8 JSON as
                  uint8) and the arrays the JSON refers to

in this order: ``started`` (inputs read), ``loaded`` (the cells ran; their errors), then for
each function either ``missing`` or one ``result`` per case (the value and the arguments after
the call, or the error; a function stops at its first error), and ``done``. While a function
with stand-ins runs (``ISOLATE``), its ``depend`` frames ask the grader for a dependency's
result; the grader answers on the worker's stdin with ``SEQ SIZE\\n`` and an npz of the same
form.

The grader reads stdout (at most 64 MiB, a frame at most 16 MiB), skips bytes that do not start
a frame with the token and accepts frames only in the order above: anything else is a protocol
violation that ends the run. Each call has ``call_seconds`` (SIGALRM in the worker); as the
student's code can block that alarm, the grader also stops a run that makes no progress for
``2 * call_seconds + 2`` seconds; the whole verification has ``timeout`` seconds.

Values are plain data (:func:`encode`): None, bools, ints, floats, strings, tuples, lists,
str-keyed dicts and numeric or boolean arrays, nothing that unpickles or runs code. What comes
from the sandbox is hostile: :func:`read_payload` and :func:`decode_checked` validate it before
anything is allocated.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from typing import Any

import numpy as np

CELL_MARK = "# %%"
ISOLATE_KEY = "__isolate__"  # in CASES_JSON: {function: [dependencies the grader answers]}
KINDS = "biuf"  # bool, signed and unsigned integers, floating point
MAX_DEPTH = 8
MAX_MESSAGE = 200
MAX_FRAME = 16 * 1024 * 1024
MAX_OUTPUT = 64 * 1024 * 1024
MAX_STDERR = 8 * 1024
MAX_ARRAYS = 1000
MAX_STRING = 10_000


class ProtocolError(ValueError):
    """Data from the sandbox that breaks the protocol."""


# --------------------------------------------------------------------------- values


def encode(value: Any, arrays: dict[str, np.ndarray], depth: int = 0) -> dict[str, Any]:
    """``value`` as a JSON-able node; its arrays are added to ``arrays`` (keys ``a0``, ...).

    Accepted: None, bool, int, float, str, numeric or boolean NumPy arrays and scalars (any
    subclass becomes a plain ndarray), and tuples, lists and str-keyed dicts of those.
    """
    if depth > MAX_DEPTH:
        raise TypeError("a value nested too deeply")
    if value is None:
        return {"type": "none"}
    if isinstance(value, np.ndarray | np.generic):
        array = np.array(value, copy=True, subok=False)
        if array.dtype.kind not in KINDS or array.dtype.fields is not None:
            raise TypeError(f"an array of dtype {array.dtype}")
        key = f"a{len(arrays)}"
        arrays[key] = array
        return {"type": "array" if isinstance(value, np.ndarray) else "scalar", "key": key}
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return {"type": kind.__name__, "value": kind(value)}
    if isinstance(value, tuple | list):
        items = [encode(item, arrays, depth + 1) for item in value]
        return {"type": "tuple" if isinstance(value, tuple) else "list", "items": items}
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        items = {str(key): encode(item, arrays, depth + 1) for key, item in value.items()}
        return {"type": "dict", "items": items}
    raise TypeError(f"a value of type {type(value).__name__}")


def decode(node: dict[str, Any], arrays: dict[str, np.ndarray]) -> Any:
    """The value of a node written by :func:`encode` (trusted input: the grader's cases)."""
    kind = node["type"]
    if kind in ("array", "scalar"):
        array = arrays[node["key"]].copy()
        return array if kind == "array" else array[()]
    if kind in ("tuple", "list"):
        items = [decode(item, arrays) for item in node["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {key: decode(item, arrays) for key, item in node["items"].items()}
    return None if kind == "none" else node["value"]


_PLAIN = {"bool": bool, "int": int, "float": float, "str": str}


def decode_checked(node: Any, arrays: dict[str, np.ndarray], depth: int = 0) -> Any:
    """The value of a node of :func:`encode`, validated (hostile input: from the sandbox)."""
    if depth > MAX_DEPTH or not isinstance(node, dict):
        raise ProtocolError("a malformed value")
    kind = node.get("type")
    if kind == "none":
        return None
    if kind in _PLAIN:
        value = node.get("value")
        if type(value) is not _PLAIN[kind] or (kind == "str" and len(value) > MAX_STRING):
            raise ProtocolError(f"a malformed {kind}")
        return value
    if kind in ("array", "scalar"):
        key = node.get("key")
        array = arrays.get(key) if isinstance(key, str) else None
        if array is None or (kind == "scalar" and array.ndim != 0):
            raise ProtocolError(f"a malformed {kind}")
        return array.copy() if kind == "array" else array[()]
    items = node.get("items")
    if kind in ("tuple", "list") and isinstance(items, list):
        values = [decode_checked(item, arrays, depth + 1) for item in items]
        return tuple(values) if kind == "tuple" else values
    if kind == "dict" and isinstance(items, dict):
        return {key: decode_checked(item, arrays, depth + 1) for key, item in items.items()}
    raise ProtocolError("a malformed value")


def plain(value: Any) -> Any:
    """``value`` as the grader sees a student's value: encoded and decoded."""
    arrays: dict[str, np.ndarray] = {}
    return decode_checked(encode(value, arrays), arrays)


def line(text: Any, limit: int = MAX_MESSAGE) -> str:
    """``text`` as one printable line of at most ``limit`` characters."""
    text = " ".join(str(text).split())[:limit]
    return "".join(char if char.isprintable() else "?" for char in text)


# --------------------------------------------------------------------------- frames


def pack(meta: dict[str, Any], arrays: dict[str, np.ndarray] | None = None) -> bytes:
    """The payload of a frame: an uncompressed npz of ``meta`` (JSON bytes) and ``arrays``."""
    buffer = io.BytesIO()
    np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8), **arrays or {})
    return buffer.getvalue()


def answer_frame(sequence: int, payload: bytes) -> bytes:
    """The grader's answer to the dependency call number ``sequence`` (on the worker's stdin)."""
    return b"%d %d\n" % (sequence, len(payload)) + payload


class Channel:
    """Frames ``TOKEN SIZE\\n`` + an uncompressed npz (``meta``: JSON bytes, plus arrays)."""

    def __init__(self, fd: int, token: bytes) -> None:
        self.fd, self.token = fd, token

    def send(self, meta: dict[str, Any], arrays: dict[str, np.ndarray] | None = None) -> None:
        payload = pack(meta, arrays)
        data = memoryview(b"%s %d\n" % (self.token, len(payload)) + payload)
        while data:
            data = data[os.write(self.fd, data) :]


class Replies:
    """The grader's answers to dependency calls, read from the worker's stdin.

    Each answer is ``SEQ SIZE\\n`` followed by SIZE bytes of an uncompressed npz (``meta``:
    JSON bytes, plus arrays), written by the grader (trusted data). Bytes already read stay in
    the buffer when a call is interrupted, and an answer to an older request is skipped, so an
    interrupted call never shifts the answers of the next one.
    """

    def __init__(self, fd: int) -> None:
        self.fd, self.buffer, self.sequence = fd, bytearray(), 0

    def _read_until(self, size: int) -> None:
        while len(self.buffer) < size:
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                raise EOFError("the grader closed the channel")
            self.buffer += chunk

    def answer(self, sequence: int) -> dict[str, Any]:
        while True:
            while b"\n" not in self.buffer:
                self._read_until(len(self.buffer) + 1)
            head, _, _ = bytes(self.buffer).partition(b"\n")
            seq, size = (int(x) for x in head.split())
            self._read_until(len(head) + 1 + size)
            payload = bytes(self.buffer[len(head) + 1 : len(head) + 1 + size])
            del self.buffer[: len(head) + 1 + size]
            if seq == sequence:
                with np.load(io.BytesIO(payload), allow_pickle=False) as npz:
                    arrays = {key: npz[key] for key in npz.files}
                meta = json.loads(arrays.pop("meta").tobytes().decode())
                return {"meta": meta, "arrays": arrays}


def take_frame(buffer: bytearray, token: bytes) -> bytes | None:
    """The payload of the next complete frame of ``buffer``, removed from it (with the bytes
    before it that start no frame), or None until one is complete; hostile input."""
    start = buffer.find(token + b" ")
    if start < 0:  # not a frame: skip it, keeping what could be the start of a token
        del buffer[: max(0, len(buffer) - len(token))]
        return None
    del buffer[:start]
    head = len(token) + 12
    newline = buffer.find(b"\n", 0, head)
    if newline < 0:
        if len(buffer) >= head:
            raise ProtocolError("a malformed frame header")
        return None
    size = bytes(buffer[len(token) + 1 : newline])
    if not size.isdigit() or int(size) > MAX_FRAME:
        raise ProtocolError("a malformed frame header")
    end = newline + 1 + int(size)
    if len(buffer) < end:
        return None
    payload = bytes(buffer[newline + 1 : end])
    del buffer[:end]
    return payload


def _read_npy(member: Any, size: int) -> np.ndarray:
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(member)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(member)
    else:
        raise ProtocolError(f"an npy file of version {version}")
    if dtype.kind not in KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise ProtocolError(f"an array of dtype {dtype}")
    if any(n < 0 for n in shape) or math.prod(shape) * dtype.itemsize > size:
        raise ProtocolError("an array header that does not fit its data")
    nbytes = math.prod(shape) * dtype.itemsize
    data = member.read(nbytes)
    if len(data) != nbytes:
        raise ProtocolError("a truncated array")
    order = "F" if fortran else "C"
    return np.frombuffer(data, dtype=dtype).reshape(shape, order=order).copy()


def read_payload(payload: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The JSON and the arrays of one frame, checked before anything is allocated."""
    try:
        arrays = {}
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARRAYS:
                raise ProtocolError("too many arrays")
            # stored members that do not overlap cannot hold more than the frame itself:
            # this bounds what is read into memory by the frame's size
            if sum(info.file_size for info in members) > len(payload):
                raise ProtocolError("archive members that overlap or claim more than the frame")
            for info in members:
                if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                    raise ProtocolError("a compressed or unexpected archive member")
                with archive.open(info) as member:
                    arrays[info.filename[:-4]] = _read_npy(member, info.file_size)
        meta = arrays.pop("meta", None)
        if meta is None or meta.dtype != np.uint8 or meta.ndim != 1:
            raise ProtocolError("a frame without its description")
        description = json.loads(meta.tobytes().decode("utf-8"))
    except ProtocolError:
        raise
    except Exception as exc:  # zipfile, npy headers and json raise many kinds of errors
        raise ProtocolError(f"an unreadable frame ({type(exc).__name__})") from exc
    if not isinstance(description, dict):
        raise ProtocolError("a frame whose description is not an object")
    return description, arrays
