"""Escape is decided on time: the app runs Textual's Linux driver with an input thread that looks
at a pending ESC every TICK_S, not every 100 ms (measured: tests/benchmarks/escape.py)."""

from __future__ import annotations

import errno
import io

from textual import constants
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread

from crisp_tui.tui.driver import TICK_S, PromptEscapeDriver, TerminalOutput, capped


def test_the_input_thread_never_waits_longer_than_a_tick() -> None:
    assert capped(None) == TICK_S  # Textual's loop waits 100 ms; an ESC waits with it
    assert capped(0.1) == TICK_S
    assert capped(0.0) == 0.0
    assert TICK_S < constants.ESCAPE_DELAY


def test_the_app_uses_it_unless_a_driver_is_chosen(make_app, monkeypatch) -> None:
    assert make_app().driver_class is PromptEscapeDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert make_app().driver_class.__name__ == "LinuxDriver"


class ClosedTerminal(io.StringIO):
    """A terminal whose window was closed: every write and flush fails with EIO."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")

    def flush(self) -> None:
        raise OSError(errno.EIO, "Input/output error")


def test_a_closed_terminal_ends_the_output_instead_of_blocking_the_app() -> None:
    """Textual's output thread died on the first failed write, and the app's writes then filled
    its queue and blocked for ever (the app outlived its window): they now go nowhere, and the
    app is told once, to end as on SIGHUP. The real-terminal case is in test_drafts_survive."""
    told: list[str] = []
    output = TerminalOutput(ClosedTerminal(), lambda: told.append("gone"))
    thread = WriterThread(output)  # type: ignore[arg-type]
    thread.start()
    for _ in range(MAX_QUEUED_WRITES * 3):
        thread.write("a frame")
    thread.stop()  # returns: the thread is still there to take the stop
    assert told == ["gone"] and output.closed
    alive = TerminalOutput(io.StringIO(), lambda: told.append("wrongly"))
    alive.write("frame")
    alive.flush()
    assert told == ["gone"] and not alive.closed
