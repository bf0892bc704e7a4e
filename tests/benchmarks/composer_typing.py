"""#15 Typing in the composer: CPU time (`time.process_time`) per key typed into a reply, repaint
included, with 10,000 conversations in the list, vs the same keys typed into a bare Textual
`TextArea` of the composer's size and border (Textual's own cost of a keystroke).

Each sample is a fresh app: the real one (in-process emulator, no polling) whose inbox rows are set
to the conversations, a conversation open and the composer focused (`r`); or a minimal app holding
only the `TextArea`. Then 40 keys ("abcd " eight times), each posted as the terminal driver does
and followed by the screen update that shows it (not Pilot's `press`, whose waits visit every
widget: the figure would grow with the widget count, which a real terminal does not).

Only the composer repaints (`tests/tui/app/test_composer.py` checks it). What a key costs beyond
the bare `TextArea` is Textual's: its compositor asks every widget whose container overlaps the
composer for its lines (they answer from their cache), and the key goes through our bindings.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from crisp_tui.crisp.models import Conversation
from crisp_tui.emulator import create_app as create_emulator

from .data import emulator_settings, listed_rows
from .harness import Result, compared, main, side_by_side
from .headless import SIZE, painted, press, settle, until
from .tui import in_process_app, show_rows

KEYS = "abcd " * 8


class BareTextAreaApp(App[None]):
    """A TextArea alone, where the composer is at SIZE, its size and border."""

    CSS = """
    Screen { align: right bottom; }
    TextArea { width: 70; height: 4; border: round $accent; }
    """

    def compose(self) -> ComposeResult:
        yield TextArea(soft_wrap=True, show_line_numbers=False)


async def _typing_cost(app: App[object], area: TextArea) -> float:
    """Milliseconds of CPU per key typed into `area`, which has the focus."""
    gc.collect()
    start = time.process_time()
    for count, key in enumerate(KEYS, 1):
        press(app, "space" if key == " " else key, key)
        await until(lambda count=count: len(area.text) == count)  # type: ignore[misc]
        await painted(app)  # the repaint is in the figure
    return (time.process_time() - start) / len(KEYS) * 1000


async def _composer_cost(rows: Sequence[Conversation], folder: Path) -> float:
    app = in_process_app(create_emulator(emulator_settings(30)), folder / "store.sqlite3")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show_rows(pilot, rows)
        await pilot.press("enter", "r")
        await settle(pilot)
        reply = app.main.reply
        if not reply.composing or reply.composer.text:
            raise RuntimeError("the composer does not have the focus, or is not empty")
        return await _typing_cost(app, reply.composer)


async def _bare_cost() -> float:
    app = BareTextAreaApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return await _typing_cost(app, app.query_one(TextArea))


def _composer_sample(rows: Sequence[Conversation]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_composer_cost(rows, Path(folder)))


def run(quick: bool) -> list[Result]:
    rows = listed_rows(10_000)
    samples = side_by_side(
        lambda: _composer_sample(rows), lambda: asyncio.run(_bare_cost()), runs=2 if quick else 5
    )
    return [
        compared(
            f"15 typing in the composer, CPU per key, {len(rows):,} rows",
            "ms",
            samples,
            peer_label="bare Textual TextArea",
            max_ratio=2.0,
            goal="≤ 2x a bare TextArea",
            note="a repaint of the whole screen on each key measured 3.4x",
        )
    ]


if __name__ == "__main__":
    main(run)
