"""The real `crisp-tui` console script in a pseudo-terminal, for what only a terminal can show
(suspending the app for `$EDITOR`): send keys, wait for text on the screen or for a condition.

Waiting reads the terminal until the condition holds; the time limit only turns a hang into a
failure.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
LIMIT_SECONDS = 60

F2 = "\x1bOQ"
CTRL_Q = "\x11"


class Terminal:
    def __init__(self, process: subprocess.Popen[bytes], master: int) -> None:
        self.process = process
        self.master = master
        self.output = bytearray()

    @property
    def text(self) -> str:
        """Everything the app wrote, without escape sequences."""
        return _ESCAPES.sub(b"", bytes(self.output)).decode("utf-8", "replace")

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + LIMIT_SECONDS
        while not done():
            left = deadline - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                raise AssertionError(f"never saw {what}; the screen said: {self.text[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], min(left, 1.0))
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the app closed the terminal
                    continue

    def wait_for_text(self, *texts: str, after: int = 0) -> str:
        """Wait until one of `texts` is on screen (past character `after`); return it."""
        found: list[str] = []

        def seen() -> bool:
            found[:] = [text for text in texts if text in self.text[after:]]
            return bool(found)

        self.wait_until(seen, " or ".join(repr(text) for text in texts))
        return found[0]


@contextmanager
def terminal_app(
    argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (120, 30)
) -> Iterator[Terminal]:
    """`crisp-tui ARGV` running in a terminal of `size` (columns, rows); stopped afterwards."""
    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "crisp_tui.cli", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "TERM": "xterm-256color"},
        start_new_session=True,
    )
    os.close(slave)
    try:
        yield Terminal(process, master)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=LIMIT_SECONDS)
        os.close(master)
