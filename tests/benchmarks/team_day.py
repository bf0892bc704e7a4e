"""#12 A team day on one token: 10 agents share one plugin token (5,000 requests a day) for a
simulated 8-hour day, each handling 40 conversations (open, read, type, reply, resolve) while
visitors keep writing (2 events a minute). Total requests and 423s, live updates vs polling.

Headless: ten real `Inbox`es (separate stores) on one in-process emulator whose fake clock the
simulation moves a minute at a time; the emulator counts every request and answers 423 past the
quota, like Crisp. Live: ten real sockets (httpx-ws over ASGI) with a `LiveSource` each, and the
safety reconcile every 30 simulated minutes. Polling: each agent's `Poller` decides its ticks
(`Poller.next_delay` on the fake clock). Deterministic but for the order sockets deliver in.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import os
import sys
import tempfile
from pathlib import Path

import httpx
from httpx_ws.transport import ASGIWebSocketTransport

from crisp_tui.crisp.errors import CrispError
from crisp_tui.crisp.live import LiveSocket
from crisp_tui.emulator import EmulatorSettings, FakeClock, Faults
from crisp_tui.emulator import create_app as create_emulator
from crisp_tui.inbox.inbox import Inbox, build_inbox
from crisp_tui.inbox.live import SAFETY_RECONCILE_S, LiveSource
from crisp_tui.inbox.poller import Poller

from .data import app_settings
from .harness import Result, main

AGENTS = 10
HOURS = 8
PER_AGENT = 40
QUOTA = 5_000
BREAKDOWN = bool(os.environ.get("TEAM_DAY_BREAKDOWN"))  # requests per route on stderr
START = calendar.timegm((2025, 6, 16, 9, 0, 0))


async def _day(live: bool, folder: Path, hours: float, per_agent: int) -> tuple[int, int]:
    """(requests the emulator saw, 423 answers) over the simulated day."""
    settings = EmulatorSettings(
        conversations=300,
        activity_per_minute=2,
        clock=FakeClock(START * 1000),
        faults=Faults(daily_quota=QUOTA),
    )
    emulator_app = create_emulator(settings)
    emulator = emulator_app.state.emulator
    operators = [op["details"]["user_id"] for op in emulator.world.operators]

    def now() -> float:
        return emulator.clock.now_ms() / 1000

    inboxes: list[Inbox] = []
    sources: list[LiveSource] = []
    pollers: list[Poller] = []
    for index in range(AGENTS):
        inbox, _ = build_inbox(
            app_settings(operator_id=operators[index % len(operators)], live_updates=live),
            transport=httpx.ASGITransport(app=emulator_app),
            store_path=folder / f"agent{index}.sqlite3",
            clock=now,
        )
        await inbox.start()
        poller = Poller(inbox, clock=now)
        inboxes.append(inbox)
        pollers.append(poller)
        if live:
            socket = LiveSocket(
                inbox.client, transport=lambda: ASGIWebSocketTransport(emulator_app)
            )
            # Its own timer never fires here: the simulation runs the safety reconcile below.
            source = LiveSource(inbox, socket, poller, safety_interval=10**9)
            source.start()
            sources.append(source)
    if live:
        while not all(inbox.status.live == "live" for inbox in inboxes):
            await asyncio.sleep(0.01)

    next_tick = [now() + poller.next_delay() for poller in pollers]
    minutes = int(hours * 60)
    every = minutes / per_agent
    handled = [0] * AGENTS
    for minute in range(1, minutes + 1):
        emulator.advance(seconds=60)
        await asyncio.sleep(0.005)  # let the sockets deliver what the visitors just did
        for index, inbox in enumerate(inboxes):
            if live:
                if minute % (SAFETY_RECONCILE_S // 60) == 0:
                    await inbox.reconcile()
            else:
                while next_tick[index] <= now():
                    await inbox.reconcile()
                    next_tick[index] = now() + pollers[index].next_delay()
            if handled[index] < per_agent and minute >= (handled[index] + 1) * every - index:
                handled[index] += 1
                await _handle_one(inbox, index)
    for source in sources:
        await source.stop()
    for inbox in inboxes:
        await inbox.stop()
    if BREAKDOWN:
        print(live, dict(emulator.stats.requests.most_common()), file=sys.stderr)
    return emulator.stats.to_dict()["total"], emulator.stats.statuses[423]


async def _handle_one(inbox: Inbox, index: int) -> None:
    """Open the first open conversation nobody else is on, read it, type, reply, resolve."""
    rows = [r for r in inbox.rows if r.state != "resolved"]
    if not rows:
        return
    row = rows[index % len(rows)]
    await inbox.open(row.session_id)
    with contextlib.suppress(CrispError):  # as the app's typing signal: best effort
        await inbox.client.set_composing(row.session_id, True)
        await inbox.client.set_composing(row.session_id, False)
    await inbox.send(row.session_id, "Thanks for waiting: this is fixed now.")
    await inbox.set_state(row.session_id, "resolved")


def run(quick: bool) -> list[Result]:
    hours, per_agent = (1.0, 5) if quick else (HOURS, PER_AGENT)
    results = []
    for live in (True, False):
        with tempfile.TemporaryDirectory() as folder:
            total, refused = asyncio.run(_day(live, Path(folder), hours, per_agent))
        mode = "live updates" if live else "polling"
        results.append(
            Result(
                f"12 team day, {mode}: requests (10 agents, one token)",
                total,
                "requests",
                f"< {QUOTA:,} and no 423" if live else "informative",
                met=(total < QUOTA and refused == 0) if live else None,
                note=f"{refused} answered 423; {AGENTS} agents × {per_agent} conversations, "
                f"{hours:g} h simulated",
            )
        )
    return results


if __name__ == "__main__":
    main(run)
