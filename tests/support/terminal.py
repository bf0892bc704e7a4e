"""The real app in a real pseudo-terminal: keys go in as bytes, the screen comes out as text.

For the promises that only a process can test: a kill -9, a closed terminal (SIGHUP), SIGTERM,
quitting while keys are still on their way. Stdlib only (pty), so CI needs nothing installed.
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
from collections.abc import Callable, Iterator
from pathlib import Path

# Control sequences (CSI, OSC, and two-byte escapes) between the text Textual writes.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30.0


class Terminal:
    """`python <args>` on the slave side of a pty, as its controlling terminal."""

    def __init__(self, *args: str, env: dict[str, str], size: tuple[int, int] = (120, 36)):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.chdir(ROOT)
            os.execvpe(sys.executable, [sys.executable, *args], env)
        columns, rows = size
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.output = ""  # everything written so far, control sequences removed
        self.status: int | None = None

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def read(self, timeout: float) -> bool:
        """Take what the app wrote within `timeout`; False once the terminal is closed."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the app closed its side
            return False
        self.output += _ESCAPES.sub("", chunk.decode("utf-8", errors="replace"))
        return bool(chunk)

    def keep_reading(self, seconds: float) -> None:
        """Read the screen for `seconds`: the pace of a typist, for tests about time."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and self.read(left):
            pass

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        """Read the screen until `done()`, or fail saying `what` never happened."""
        deadline = time.monotonic() + TIMEOUT
        while not done():
            if time.monotonic() > deadline or not self.read(0.05):
                raise AssertionError(f"{what} did not happen; the screen said: {self.tail()!r}")

    def wait_for_text(self, text: str, *, after: int = 0) -> None:
        self.wait_until(lambda: text in self.output[after:], f"{text!r} on screen")

    def tail(self, chars: int = 600) -> str:
        return self.output[-chars:]

    def kill(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def hang_up(self) -> None:
        """Close the terminal, as closing its window does: the kernel sends SIGHUP."""
        os.close(self.fd)
        self.fd = -1

    def wait(self) -> int:
        """The exit status: the code, or minus the signal that killed it."""
        deadline = time.monotonic() + TIMEOUT
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                raise AssertionError(f"the app did not exit; the screen said: {self.tail()!r}")
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
def terminal(*args: str, env: dict[str, str]) -> Iterator[Terminal]:
    """`crisp-tui <args>` in a terminal."""
    app = Terminal("-m", "crisp_tui.cli", *args, env=env)
    try:
        yield app
    finally:
        app.close()


def app_environment() -> dict[str, str]:
    """The test's isolated environment (tests/support/environment.py), for a child app."""
    env = dict(os.environ)
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), TEXTUAL_ANIMATIONS="none")
    return env
