"""#14 Escape latency: the real app (`--demo`) in a real pseudo-terminal, keys written as bytes.

A lone ESC byte may be the start of a key's escape sequence, so the terminal driver waits for more
before it calls it Escape: Textual waits `ESCDELAY` ms (100 by default; crisp-tui sets 30 unless
`ESCDELAY` is set). Textual's Linux driver looks again only on its input thread's next tick, every
100 ms; crisp-tui's driver (tui/driver.py) ticks every 10 ms. Measured, wall clock: ESC in the
composer → the key bar says "conversation" (the composer has let go), vs `j` in the list → the
next screen update; and the same Escape with Textual's default delay, to show where the time goes.
"""

from __future__ import annotations

import os
import tempfile
import time

from tests.support.terminal import Terminal, app_environment

from .harness import Result, compared, main, median

ESC = "\x1b"
LEFT_COMPOSER = "conversation  /"  # the key bar names the live pane
IN_COMPOSER = "composer  ctrl+j"


def _first_output_ms(terminal: Terminal, key: str) -> float:
    terminal.keep_reading(0.3)  # let the previous key's updates out first
    mark = len(terminal.text)
    start = time.perf_counter()
    terminal.send(key)
    terminal.wait_until(lambda: len(terminal.text) > mark, f"a repaint after {key!r}")
    return (time.perf_counter() - start) * 1000


def _until_ms(terminal: Terminal, key: str, text: str) -> float:
    terminal.keep_reading(0.3)
    mark = len(terminal.text)
    start = time.perf_counter()
    terminal.send(key)
    terminal.wait_for_text(text, after=mark)
    return (time.perf_counter() - start) * 1000


def _samples(count: int, escdelay: str | None) -> tuple[list[float], list[float]]:
    """(escape leaving the composer, j in the list), in ms, `count` each."""
    with tempfile.TemporaryDirectory() as home:
        env = app_environment(
            {
                **os.environ,
                **{f"XDG_{d}_HOME": f"{home}/{d.lower()}" for d in ("DATA", "CONFIG", "STATE")},
            }
        )
        env.pop("ESCDELAY", None)
        if escdelay is not None:
            env["ESCDELAY"] = escdelay
        terminal = Terminal("-m", "crisp_tui.cli", "--demo", env=env, size=(130, 38))
        try:
            terminal.wait_for_text("req")
            escapes: list[float] = []
            presses: list[float] = []
            for _ in range(count):
                presses.append(_first_output_ms(terminal, "j"))
                terminal.send("\r")
                terminal.keep_reading(0.3)
                _until_ms(terminal, "r", IN_COMPOSER)
                escapes.append(_until_ms(terminal, ESC, LEFT_COMPOSER))
                terminal.send(ESC)  # back to the list
            return escapes, presses
        finally:
            terminal.close()


def run(quick: bool) -> list[Result]:
    count = 4 if quick else 15
    escapes, presses = _samples(count, None)
    slow_escapes, _ = _samples(count, "100")
    return [
        compared(
            "14 escape in the composer → repainted, real terminal",
            "ms",
            (escapes, presses),
            peer_label="j in the list",
            max_ratio=3.0,
            goal="≤ 3x a j press (ESC must wait for a possible sequence)",
            note=(
                f"ESCDELAY 30 ms (crisp-tui's); with Textual's 100 ms: median "
                f"{median(slow_escapes):.0f} ms"
            ),
        )
    ]


if __name__ == "__main__":
    main(run)
