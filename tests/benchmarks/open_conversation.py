"""#4 Open a 5,000-message conversation vs a 50-message one, both fully cached (as after reading
them before), and scroll in each.

- open: wall time from pressing enter on the row to the first screen refresh that shows the
  newest message (painted from the cache; the network refresh runs behind it);
- open, settled: until the network refresh, mark-read and their repaint are done too;
- scroll: CPU per up/down press in the message log (10 up, 10 down, …), repaint included.

The in-process emulator serves the same two histories (the emulator's longest seeded ones,
trimmed), so the network refresh is real too.
"""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from textual.pilot import Pilot

from crisp_tui.emulator import create_app as create_emulator
from crisp_tui.emulator.world import World

from .data import emulator_settings, fill_store
from .harness import Result, compared, main, side_by_side
from .headless import SIZE, idle, painted, press, settle, until
from .tui import in_process_app

LONG, SHORT = 5_000, 50
SCROLLS = 40


@dataclass(frozen=True)
class Opened:
    first_paint_ms: float
    settled_ms: float
    scroll_cpu_ms: float


def _emulator() -> tuple[Starlette, list[str]]:
    """An emulator whose two newest conversations hold LONG and SHORT messages."""
    app = create_emulator(emulator_settings(30))
    world: World = app.state.emulator.world
    with world.lock:
        ids = list(world.conversations)[:2]  # seeded first: the longest histories
        for session_id, size in zip(ids, (LONG, SHORT), strict=True):
            world.messages[session_id] = world.messages[session_id][-size:]
            world.conversations[session_id]["updated_at"] = time.time_ns() // 1_000_000
    return app, ids


async def _scroll_cost(pilot: Pilot[object]) -> float:
    gc.collect()
    start = time.process_time()
    for index in range(SCROLLS):
        await pilot.press("up" if index // 10 % 2 == 0 else "down")
        await pilot.pause()
    return (time.process_time() - start) / SCROLLS * 1000


async def _open(emulator: Starlette, session_id: str, store: Path) -> Opened:
    app = in_process_app(emulator, store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if not app.main.inbox_list.select_id(session_id):
            raise RuntimeError("the conversation is not on the first page")
        await settle(pilot)
        newest = app.inbox.store.messages(session_id, limit=1)[-1].fingerprint
        log = app.main.pane.message_log
        start = time.perf_counter()
        press(app, "enter")
        await until(lambda: bool(log.messages) and log.messages[-1].fingerprint == newest)
        await painted(app)
        first = time.perf_counter()
        await until(lambda: idle(app))
        await painted(app)
        settled = time.perf_counter()
        if app.focused is not log:
            raise RuntimeError("the message log does not have the focus")
        return Opened((first - start) * 1000, (settled - start) * 1000, await _scroll_cost(pilot))


def _sample(which: int, results: dict[int, list[Opened]]) -> float:
    emulator, ids = _emulator()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store.sqlite3"
        fill_store(store, emulator.state.emulator.world, max_messages=LONG + SHORT)
        opened = asyncio.run(_open(emulator, ids[which], store))
    results[which].append(opened)
    return opened.first_paint_ms


def run(quick: bool) -> list[Result]:
    results: dict[int, list[Opened]] = {0: [], 1: []}
    side_by_side(lambda: _sample(0, results), lambda: _sample(1, results), runs=2 if quick else 5)

    def pair(field: str) -> tuple[list[float], list[float]]:
        return tuple([getattr(o, field) for o in results[i]] for i in (0, 1))  # type: ignore[return-value]

    peer = f"{SHORT} messages"
    return [
        compared(
            f"4 open {LONG:,}-message conversation: enter → newest painted",
            "ms",
            pair("first_paint_ms"),
            peer_label=peer,
            max_ratio=3,
            goal="≤ 3x the 50-message one",
        ),
        compared(
            f"4 open {LONG:,}-message conversation: until settled (network refresh painted)",
            "ms",
            pair("settled_ms"),
            peer_label=peer,
            max_ratio=3,
            goal="≤ 3x the 50-message one",
        ),
        compared(
            f"4 scroll in {LONG:,} messages, CPU per up/down press",
            "ms",
            pair("scroll_cpu_ms"),
            peer_label=peer,
            max_ratio=1.2,
            goal="as cheap (≤ 1.2x)",
        ),
    ]


if __name__ == "__main__":
    main(run)
