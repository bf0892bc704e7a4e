"""#5 Idle: requests per day and CPU while nothing happens, with the default settings.

- Requests: the real `Inbox` on the in-process emulator (no visitor activity) and a fake clock
  starting at 00:00 UTC; each tick waits the delay the poller itself would (`Poller.next_delay`,
  the poll loop's only timing decision), moves the clock and runs `Inbox.reconcile`. Counted by the
  client's request counter (every request it records, start-up included). Deterministic: one run.
  Scenarios: focused but untouched, unfocused, and an agent pressing keys all day (focused).
  DESIGN §5's plan: polling within half the 5,000/day plugin quota (≤ 2,500).
- CPU: the real app, headless, polling with default settings, left alone; process CPU time over
  wall time, focused then unfocused.
"""

from __future__ import annotations

import asyncio
import calendar
import tempfile
import time
from pathlib import Path

import httpx
from httpx_ws.transport import ASGIWebSocketTransport
from textual import events

from crisp_tui.crisp.live import LiveSocket
from crisp_tui.emulator import create_app as create_emulator
from crisp_tui.inbox.inbox import build_inbox
from crisp_tui.inbox.live import LiveSource
from crisp_tui.inbox.poller import Poller

from .data import app_settings, emulator_settings
from .harness import Result, main, median
from .headless import SIZE, settle
from .tui import in_process_app

MIDNIGHT = calendar.timegm((2025, 6, 16, 0, 0, 0))
POLL_BUDGET = 2_500  # half of the default 5,000 requests/day


async def _requests(hours: float, *, focused: bool, busy: bool, folder: Path) -> int:
    """Requests sent over `hours` of fake time after starting at midnight."""
    now = float(MIDNIGHT)
    sent = 0

    def count(_: object) -> None:
        nonlocal sent
        sent += 1

    inbox, _ = build_inbox(
        app_settings(live_updates=False),
        transport=httpx.ASGITransport(app=create_emulator(emulator_settings(50))),
        store_path=folder / "store.sqlite3",
        clock=lambda: now,
    )
    inbox.client.usage.subscribe(count)  # the usage's own count restarts each UTC day
    await inbox.start()
    inbox.set_activity(focused=focused)
    poller = Poller(inbox, clock=lambda: now)
    end = now + hours * 3600
    while True:
        if busy:
            inbox.touch()
        delay = poller.next_delay()
        if now + delay > end:
            break
        now += delay
        await inbox.reconcile()
    await inbox.stop()
    return sent


async def _live_requests(hours: float, folder: Path) -> int:
    """Requests over `hours` of fake time with live updates on (the default): start-up, the
    catch-up after authenticating, and the safety reconciles, timed by the LiveSource itself."""
    now = float(MIDNIGHT)
    end = now + hours * 3600
    sent = 0
    day_over = asyncio.Event()

    def count(_: object) -> None:
        nonlocal sent
        sent += 1

    emulator = create_emulator(emulator_settings(50))
    inbox, _ = build_inbox(
        app_settings(),
        transport=httpx.ASGITransport(app=emulator),
        store_path=folder / "live.sqlite3",
        clock=lambda: now,
    )
    inbox.client.usage.subscribe(count)

    async def time_passes(seconds: float) -> None:
        """The live source's own waits, on the fake clock, once the socket is up."""
        nonlocal now
        while inbox.status.live != "live":
            await asyncio.sleep(0.01)
        if now + seconds > end:
            day_over.set()
            await asyncio.Event().wait()  # until stopped
        now += seconds

    await inbox.start()
    socket = LiveSocket(inbox.client, transport=lambda: ASGIWebSocketTransport(emulator))
    source = LiveSource(
        inbox, socket, Poller(inbox, clock=lambda: now), sleep=time_passes, monotonic=lambda: now
    )
    source.start()
    await day_over.wait()
    await source.stop()
    await inbox.stop()
    return sent


def _per_day(hours: float, *, focused: bool, busy: bool) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        count = asyncio.run(_requests(hours, focused=focused, busy=busy, folder=Path(folder)))
    per_day = count * 24 / hours
    focus = "focused" if focused else "unfocused"
    what = "agent busy all day" if busy else "idle"
    return Result(
        f"5 requests per day, {what}, {focus}",
        per_day,
        "req/day",
        f"≤ {POLL_BUDGET:,}/day (half the quota)",
        met=per_day <= POLL_BUDGET,
        note=f"{per_day / 24:.0f} requests/hour; simulated {hours:g} h",
    )


async def _cpu_share(seconds: float, folder: Path) -> tuple[float, float]:
    """Percent of one core used by the idle app, focused then unfocused."""
    app = in_process_app(
        create_emulator(emulator_settings(50)), folder / "store.sqlite3", poll=True
    )
    shares: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for event in (events.AppFocus(), events.AppBlur()):
            app.post_message(event)
            await settle(pilot)
            cpu, wall = time.process_time(), time.perf_counter()
            await asyncio.sleep(seconds)
            shares.append(100 * (time.process_time() - cpu) / (time.perf_counter() - wall))
    return shares[0], shares[1]


def _live_per_day(hours: float) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        count = asyncio.run(_live_requests(hours, Path(folder)))
    per_day = count * 24 / hours
    return Result(
        "5 requests per day, idle, live updates (default)",
        per_day,
        "req/day",
        "≤ 100/day",
        met=per_day <= 100,
        note=f"polling alone: see the rows below; simulated {hours:g} h",
    )


def run(quick: bool) -> list[Result]:
    hours = 3.0 if quick else 24.0
    results = [
        _live_per_day(hours),
        _per_day(hours, focused=True, busy=False),
        _per_day(hours, focused=False, busy=False),
        _per_day(hours, focused=True, busy=True),
    ]
    seconds = 2 if quick else 10
    with tempfile.TemporaryDirectory() as folder:
        runs = [asyncio.run(_cpu_share(seconds, Path(folder))) for _ in range(1 if quick else 2)]
    for index, focus in enumerate(("focused", "unfocused")):
        share = median([r[index] for r in runs])
        results.append(
            Result(
                f"5 idle CPU, {focus}",
                share,
                "% of a core",
                "< 1% of a core",
                met=share < 1,
                runs=len(runs),
                note=f"over {seconds} s per run, default settings, polling on",
            )
        )
    return results


if __name__ == "__main__":
    main(run)
