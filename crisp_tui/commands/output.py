"""Where a command's result goes: JSON only, or text for people, on stdout."""

from __future__ import annotations

import json
import math
import re
import shutil
import sys
from collections.abc import Callable
from typing import Any

# Never written raw, even through a pipe (the file may be `cat` to a terminal later): DEL, C1
# (CSI, OSC, …), bidi controls, line separators, and lone surrogates, which no encoder accepts.
# A \u escape is the same JSON value, so jq still gets the exact string.
_ALWAYS_ESCAPED = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def to_json(data: Any, *, indent: int | None = 2) -> str:
    """`data` as strict JSON (RFC 8259; one line when `indent` is None): non-ASCII text as is,
    control characters escaped (C0 by json itself, the rest here). A number JSON cannot hold
    (NaN or Infinity from a server) becomes null, as JavaScript's JSON.stringify does."""
    text = json.dumps(_finite(data), ensure_ascii=False, indent=indent, allow_nan=False)
    return _ALWAYS_ESCAPED.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def _finite(data: Any) -> Any:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(value) for value in data]
    return data


def print_json(data: Any, *, indent: int | None = 2) -> None:
    """`data` as JSON on stdout, in UTF-8 whatever the locale says (RFC 8259 requires it)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(to_json(data, indent=indent).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()


class Output:
    def __init__(self, json_mode: bool) -> None:
        self.json_mode = json_mode

    @property
    def width(self) -> int | None:
        """The terminal's width; None when stdout is a file or a pipe, where nothing is cut."""
        return shutil.get_terminal_size().columns if sys.stdout.isatty() else None

    def result(self, data: Any, human: Callable[[], str]) -> None:
        """Print `data` as JSON in --json mode, otherwise the text `human()` builds."""
        if self.json_mode:
            print_json(data)
            return
        text = human()
        if text:
            print(text, file=sys.stdout)

    @staticmethod
    def info(text: str) -> None:
        """A line for the person at the terminal, kept off stdout's data."""
        print(text, file=sys.stderr)
