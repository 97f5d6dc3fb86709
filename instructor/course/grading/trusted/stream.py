"""Reading one run of the worker: its frames, checked to come in the protocol's order
(:mod:`course.grading.trusted.protocol`), into what each function's calls sent back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from course.grading.trusted.compare import Call, Observed
from course.grading.trusted.protocol import (
    ProtocolError,
    decode_checked,
    line,
    read_payload,
    take_frame,
)

# answers a dependency call of the worker: (function under test, frame's JSON, its arrays)
Answer = Callable[[str, dict[str, Any], dict[str, np.ndarray]], None]


def error_reason(error: Any, seconds: float) -> str:
    """One line for an error reported by the worker."""
    error = error if isinstance(error, dict) else {}
    kind, message = error.get("kind"), line(error.get("message", ""))
    if kind == "timeout":
        return f"took longer than {seconds:g} s"
    if kind == "output":
        return (
            f"returned an unsupported value ({message}); return NumPy arrays of numbers or "
            "booleans, numbers, or tuples, lists and dicts of those"
        )
    name = error.get("type")
    name = name if isinstance(name, str) and name.replace(".", "_").isidentifier() else "an error"
    if name == "NotImplementedError":
        return "not implemented (raised NotImplementedError)"
    return f"raised {line(name, 60)}: {message}" if message else f"raised {line(name, 60)}"


class Stream:
    """Reads the frames of one run and checks that they come in the protocol's order."""

    def __init__(
        self,
        token: bytes,
        names: list[str],
        counts: dict[str, int],
        seconds: float,
        answers: Answer | None = None,
    ):
        self.token, self.names, self.counts, self.seconds = token, names, counts, seconds
        self.answers = answers
        self.buffer = bytearray()
        self.size = 0
        self.started = self.loaded = self.done = False
        self.position = self.case = 0
        self.observed = {name: Observed() for name in names}
        self.load_errors: list[str] = []

    @property
    def current(self) -> str | None:
        """The function whose frames come next."""
        return self.names[self.position] if self.position < len(self.names) else None

    def feed(self, data: bytes) -> bool:
        """Take more output; True when it completed at least one frame."""
        self.size += len(data)
        self.buffer += data
        progressed = False
        while not self.done and (payload := take_frame(self.buffer, self.token)) is not None:
            self._accept(*read_payload(payload))
            progressed = True
        return progressed

    def _accept(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> None:
        kind = meta.get("kind")
        if not self.started or not self.loaded:
            expected = "loaded" if self.started else "started"
            if kind != expected:
                raise ProtocolError(f"a frame out of order (expected {expected!r})")
            if kind == "loaded":
                errors = meta.get("errors")
                errors = errors[:5] if isinstance(errors, list) else []
                self.load_errors = [error_reason(e, self.seconds) for e in errors]
            self.started, self.loaded = True, kind == "loaded"
            return
        name = self.current
        if name is None:
            if kind != "done":
                raise ProtocolError("a frame after the last function")
            self.done = True
            return
        if meta.get("function") != name or kind not in ("missing", "result", "depend"):
            raise ProtocolError(f"a frame out of order (expected a frame of {name})")
        if kind == "depend":
            if self.answers is None:
                raise ProtocolError("a dependency call where none is answered")
            self.answers(name, meta, arrays)
            return
        if kind == "missing":
            self.observed[name].missing = self._missing_reason(meta.get("what"))
            self._next_function()
            return
        case = meta.get("case")
        if type(case) is not int or case != self.case:
            raise ProtocolError(f"a frame out of order (expected case {self.case + 1} of {name})")
        self.observed[name].calls.append(self._call(meta, arrays))
        self.case += 1
        if "error" in meta or self.case >= self.counts[name]:
            self._next_function()

    def _next_function(self) -> None:
        self.position, self.case = self.position + 1, 0

    def _missing_reason(self, what: Any) -> str:
        if what == "undefined":
            reason = "not defined in the notebook"
        else:
            reason = f"not a function in the notebook (it is {line(what, 60)})"
        if self.load_errors:
            reason += f" (a cell of the notebook {self.load_errors[0]})"
        return reason

    def _call(self, meta: dict[str, Any], arrays: dict[str, np.ndarray]) -> Call:
        if "error" in meta:
            return Call(error=error_reason(meta["error"], self.seconds))
        try:
            return Call(
                value=decode_checked(meta.get("value"), arrays),
                args=decode_checked(meta.get("args"), arrays),
            )
        except ProtocolError as exc:
            return Call(error=f"sent data the grader does not accept ({exc})")
