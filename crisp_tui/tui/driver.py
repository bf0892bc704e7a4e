"""The terminal driver on Linux and macOS: Textual's, with Escape decided on time.

A lone ESC byte may begin a key's escape sequence, so the driver calls it Escape only when nothing
followed within ESCDELAY. Textual's driver looks again only when its input thread's wait for input
ends, which with no more input is every 100 ms, so Escape took 100-200 ms whatever ESCDELAY said.
Here that thread's waits last at most TICK_S, and Escape lands about ESCDELAY after the key.
"""

from __future__ import annotations

import selectors
from typing import Any

from textual.drivers.linux_driver import LinuxDriver

TICK_S = 0.01  # an idle wake-up costs microseconds; 100 a second is nothing


def capped(timeout: float | None) -> float:
    """How long the input thread may wait for input before it looks at a pending ESC again."""
    return TICK_S if timeout is None else min(timeout, TICK_S)


class PromptSelector(selectors.SelectSelector):
    def select(self, timeout: float | None = None) -> list[Any]:
        return super().select(capped(timeout))


class PromptEscapeDriver(LinuxDriver):
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
