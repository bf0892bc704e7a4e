"""The terminal driver on Linux and macOS: Textual's, with Escape decided on time, and an end
when the terminal goes away.

A lone ESC byte may begin a key's escape sequence, so the driver calls it Escape only when nothing
followed within ESCDELAY. Textual's driver looks again only when its input thread's wait for input
ends, which with no more input is every 100 ms, so Escape took 100-200 ms whatever ESCDELAY said.
Here that thread's waits last at most TICK_S, and Escape lands about ESCDELAY after the key.

A terminal closed under the app (seen after `$EDITOR` had it): Textual's output thread died on its
first failed write, the app's next writes filled that thread's queue and blocked for ever, and the
app outlived its window. Here the writes go nowhere and the app ends as on a closed terminal
(SIGHUP), the draft saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import selectors
from collections.abc import Callable
from typing import Any, TextIO

from textual.app import App
from textual.drivers.linux_driver import LinuxDriver

TICK_S = 0.01  # an idle wake-up costs microseconds; 100 a second is nothing


def capped(timeout: float | None) -> float:
    """How long the input thread may wait for input before it looks at a pending ESC again."""
    return TICK_S if timeout is None else min(timeout, TICK_S)


class PromptSelector(selectors.SelectSelector):
    def select(self, timeout: float | None = None) -> list[Any]:
        return super().select(capped(timeout))


class TerminalOutput:
    """The terminal as the output thread writes to it. Once the terminal is gone (EIO), writes
    go nowhere and `gone` is called once: Textual's thread died on that error, and the app's
    next writes filled its queue and blocked for ever."""

    def __init__(self, file: TextIO, gone: Callable[[], None]) -> None:
        self._file = file
        self._gone = gone
        self.closed = False

    def write(self, text: str) -> None:
        self._attempt(self._file.write, text)

    def flush(self) -> None:
        self._attempt(self._file.flush)

    def fileno(self) -> int:
        return self._file.fileno()

    def _attempt(self, call: Callable[..., object], *args: object) -> None:
        if self.closed:
            return
        try:
            call(*args)
        except OSError:
            self.closed = True
            self._gone()


class PromptEscapeDriver(LinuxDriver):
    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._file = TerminalOutput(self._file, self._terminal_gone)  # type: ignore[assignment]

    def start_application_mode(self) -> None:
        self._loop = asyncio.get_running_loop()
        super().start_application_mode()

    def _terminal_gone(self) -> None:
        """From the output thread: end the app as a closed terminal (SIGHUP) does."""
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                self._loop.call_soon_threadsafe(self._app.terminal_closed)  # type: ignore[attr-defined]

    def run_input_thread(self) -> None:
        # Textual's input loop makes its selector with `selectors.SelectSelector()` as it starts:
        # that one call, on this thread, gets ours; the module's name is restored at once.
        stock = selectors.SelectSelector

        def first_selector() -> selectors.SelectSelector:
            selectors.SelectSelector = stock  # type: ignore[misc]
            return PromptSelector()

        selectors.SelectSelector = first_selector  # type: ignore[misc,assignment]
        try:
            super().run_input_thread()
        finally:
            selectors.SelectSelector = stock  # type: ignore[misc]
