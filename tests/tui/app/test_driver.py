"""Escape is decided on time: the app runs Textual's Linux driver with an input thread that looks
at a pending ESC every TICK_S, not every 100 ms (measured: tests/benchmarks/escape.py)."""

from __future__ import annotations

from textual import constants

from crisp_tui.tui.driver import TICK_S, PromptEscapeDriver, capped


def test_the_input_thread_never_waits_longer_than_a_tick() -> None:
    assert capped(None) == TICK_S  # Textual's loop waits 100 ms; an ESC waits with it
    assert capped(0.1) == TICK_S
    assert capped(0.0) == 0.0
    assert TICK_S < constants.ESCAPE_DELAY


def test_the_app_uses_it_unless_a_driver_is_chosen(make_app, monkeypatch) -> None:
    assert make_app().driver_class is PromptEscapeDriver
    monkeypatch.setattr(constants, "DRIVER", "textual.drivers.linux_driver:LinuxDriver")
    assert make_app().driver_class.__name__ == "LinuxDriver"
