"""The real app in a real pseudo-terminal, for what only a terminal and a process can show: keys go
in as bytes, the screen comes out as text; a kill -9, a closed terminal (SIGHUP), SIGTERM, quitting
while keys are still on their way, suspending the app for `$EDITOR`.

Waiting reads the terminal until the condition holds; the time limit only turns a hang into a
failure. Stdlib only (pty), so CI needs nothing installed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

# Control sequences (CSI, OSC, and two-byte escapes) between the text Textual writes.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
ROOT = Path(__file__).resolve().parents[2]
LIMIT_SECONDS = 60

F2 = "\x1bOQ"
CTRL_Q = "\x11"


class Terminal:
    """`python <args>` on the slave side of a pty, as its controlling terminal."""

    def __init__(self, *args: str, env: dict[str, str], size: tuple[int, int] = (120, 36)):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.chdir(ROOT)
            os.execvpe(sys.executable, [sys.executable, *args], env)
        columns, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.text = ""  # everything the app wrote so far, control sequences removed
        self.raw = b""  # everything the app wrote so far, as written
        self.status: int | None = None

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def read(self, timeout: float) -> bool:
        """Take what the app wrote within `timeout`; False once the terminal is closed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the app closed its side
            return False
        self.raw += chunk
        self.text += _ESCAPES.sub("", chunk.decode("utf-8", errors="replace"))
        return bool(chunk)

    def keep_reading(self, seconds: float) -> None:
        """Read the screen for `seconds`: the pace of a typist, for tests about time."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and self.read(left):
            pass

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        """Read the screen until `done()`, or fail saying `what` never happened."""
        deadline = time.monotonic() + LIMIT_SECONDS
        while not done():
            if time.monotonic() > deadline or not self.read(0.05):
                raise AssertionError(f"never saw {what}; the screen said: {self.text[-2000:]!r}")

    def wait_for_text(self, *texts: str, after: int = 0) -> str:
        """Wait until one of `texts` is on screen (past character `after`); return it."""
        found: list[str] = []

        def seen() -> bool:
            found[:] = [text for text in texts if text in self.text[after:]]
            return bool(found)

        self.wait_until(seen, " or ".join(repr(text) for text in texts))
        return found[0]

    def kill(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the kernel sends SIGHUP."""
        os.close(self.fd)
        self.fd = -1

    def wait(self) -> int:
        """The exit status: the code, or minus the signal that killed it."""
        deadline = time.monotonic() + LIMIT_SECONDS
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                raise AssertionError(
                    f"the app did not exit; the screen said: {self.text[-2000:]!r}"
                )
            elif self.fd >= 0:
                self.read(0.05)  # a full pty would block the app's writes
            else:
                select.select([], [], [], 0.05)
        return self.status

    def close(self) -> None:
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.status = -signal.SIGKILL
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


@contextlib.contextmanager
def terminal_app(
    argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (120, 30)
) -> Iterator[Terminal]:
    """`crisp-tui ARGV` running in a terminal of `size` (columns, rows); stopped afterwards."""
    app = Terminal("-m", "crisp_tui.cli", *argv, env=app_environment(env), size=size)
    try:
        yield app
    finally:
        app.close()


def app_environment(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (by default the test's isolated one, tests/support/environment.py) for a child app."""
    child = dict(os.environ if env is None else env)
    child.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")
    return child
