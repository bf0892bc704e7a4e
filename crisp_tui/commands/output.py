"""Where a command's result goes: JSON only, or text for people, on stdout."""

from __future__ import annotations

import json
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


def to_json(data: Any, *, ascii_only: bool, indent: int | None = 2) -> str:
    """`data` as JSON (indented unless `indent` is None); C0 controls are escaped by json
    itself, the rest here."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    return _ALWAYS_ESCAPED.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


class Output:
    def __init__(self, json_mode: bool) -> None:
        self.json_mode = json_mode

    @property
    def width(self) -> int:
        return shutil.get_terminal_size().columns

    def result(self, data: Any, human: Callable[[], str]) -> None:
        """Print `data` as JSON in --json mode, otherwise the text `human()` builds."""
        # On a terminal every non-ASCII character is escaped; through a pipe the JSON stays
        # readable UTF-8 but for the characters that could drive a terminal.
        text = to_json(data, ascii_only=sys.stdout.isatty()) if self.json_mode else human()
        if text:
            print(text, file=sys.stdout)

    @staticmethod
    def info(text: str) -> None:
        """A line for the person at the terminal, kept off stdout's data."""
        print(text, file=sys.stderr)
