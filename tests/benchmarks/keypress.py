"""#3 Key press cost: CPU time (`time.process_time`) per j/k press in the inbox list, repaint
included, with 10,000 conversations in the list vs 100; the headless app driven by Pilot.

Each sample is a fresh app (in-process emulator, no polling) whose inbox rows are set to the
conversations, as after paging through them; then 40 presses (10 j, 10 k, …), each followed by a
forced screen update.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path

from crisp_tui.crisp.models import Conversation
from crisp_tui.emulator import create_app as create_emulator

from .data import emulator_settings, listed_rows
from .harness import Result, compared, main, side_by_side
from .headless import SIZE, settle
from .tui import in_process_app, show_rows

PRESSES = 40


async def _press_cost(rows: list[Conversation], folder: Path) -> float:
    """Milliseconds of CPU per key press."""
    app = in_process_app(create_emulator(emulator_settings(30)), folder / "store.sqlite3")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await show_rows(pilot, rows)
        if app.main.inbox_list.option_count != len(rows):
            raise RuntimeError("the inbox list does not show the rows")
        gc.collect()
        start = time.process_time()
        for index in range(PRESSES):
            await pilot.press("j" if index // 10 % 2 == 0 else "k")
            await pilot.pause()  # forces the screen update: the repaint is in the figure
        return (time.process_time() - start) / PRESSES * 1000


def _sample(rows: list[Conversation]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_press_cost(rows, Path(folder)))


def run(quick: bool) -> list[Result]:
    rows = listed_rows(10_000)
    samples = side_by_side(
        lambda: _sample(rows), lambda: _sample(rows[:100]), runs=2 if quick else 5
    )
    return [
        compared(
            f"3 key press j/k, CPU per press, {len(rows):,} rows",
            "ms",
            samples,
            peer_label="100 rows",
            max_ratio=1.2,
            goal="≤ 1.2x the 100-row list",
        )
    ]


if __name__ == "__main__":
    main(run)
