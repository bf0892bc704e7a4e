"""Where a command's result goes: JSON only, or text for people, on stdout."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from typing import Any


class Output:
    def __init__(self, json_mode: bool) -> None:
        self.json_mode = json_mode

    @property
    def width(self) -> int:
        return shutil.get_terminal_size().columns

    def result(self, data: Any, human: Callable[[], str]) -> None:
        """Print `data` as JSON in --json mode, otherwise the text `human()` builds."""
        if self.json_mode:
            # On a terminal every non-ASCII character is escaped, so no string from Crisp can
            # reach it raw; through a pipe the JSON stays readable UTF-8 (same value for jq).
            text = json.dumps(data, ensure_ascii=sys.stdout.isatty(), indent=2)
        else:
            text = human()
        if text:
            print(text, file=sys.stdout)

    @staticmethod
    def info(text: str) -> None:
        """A line for the person at the terminal, kept off stdout's data."""
        print(text, file=sys.stderr)
