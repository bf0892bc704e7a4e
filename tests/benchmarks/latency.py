"""#6 Latency from a visitor's message reaching the emulator to it being painted in the open
conversation: polling, then live updates (RTM), side by side.

The emulator runs on loopback (50 ms injected latency on every REST answer, and every socket
event held back 50 ms too). Polling: each message is injected right after a poll tick has synced,
the worst moment: it waits a whole interval. Polling is set to a 1 s active interval (and a budget
that never stretches it) so the run stays short; the goal is relative to the interval. Baseline:
the interval the poller chose plus one measured round trip. Live: default settings; goal one round
trip + 50 ms.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from crisp_tui.emulator import EmulatorServer
from crisp_tui.emulator.generate import visitor_message
from crisp_tui.inbox.events import InboxEvent, SyncStatusChanged
from crisp_tui.tui.app import create_app

from .data import app_settings, emulator_settings
from .harness import Result, compared, main, median
from .headless import SIZE, painted, press, settle, until

LATENCY_MS = 50
INTERVAL = 1.0


async def _latencies(
    server: EmulatorServer, store: Path, count: int
) -> tuple[list[float], list[float]]:
    settings = app_settings(
        server.base_url,
        poll_active_seconds=INTERVAL,
        daily_request_budget=10**9,
        live_updates=False,
    )
    app = create_app(settings, store_path=store)
    synced = asyncio.Event()

    def on_event(event: InboxEvent) -> None:
        if isinstance(event, SyncStatusChanged) and app.inbox.status.last_sync != last_sync:
            synced.set()

    latencies: list[float] = []
    baselines: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.main.inbox_list.highlighted_id
        assert session_id is not None
        press(app, "enter")
        await settle(pilot)
        log = app.main.pane.message_log
        last_sync = app.inbox.status.last_sync
        app.inbox.subscribe(on_event)
        for _ in range(count):
            round_trip = time.perf_counter()
            await app.inbox.client.get_website()
            round_trip = time.perf_counter() - round_trip
            last_sync = app.inbox.status.last_sync
            synced.clear()
            await synced.wait()
            world = server.emulator.world
            with world.lock:
                message = visitor_message(world, world.rng, session_id, time.time_ns() // 10**6)
            start = time.perf_counter()
            fingerprint = message["fingerprint"]
            await until(lambda fp=fingerprint: any(m.fingerprint == fp for m in log.messages))
            await painted(app)
            latencies.append((time.perf_counter() - start) * 1000)
            baselines.append((app.inbox.status.poll_interval + round_trip) * 1000)
    return latencies, baselines


async def _live_latencies(
    server: EmulatorServer, store: Path, count: int
) -> tuple[list[float], list[float]]:
    """Visitor message → painted with live updates on (default settings), and one round trip."""
    app = create_app(app_settings(server.base_url), store_path=store)
    latencies: list[float] = []
    round_trips: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.inbox.status.live == "live")
        await settle(pilot)
        press(app, "enter")
        await settle(pilot)
        session_id = app.inbox.open_session
        assert session_id is not None
        log = app.main.pane.message_log
        for _ in range(count):
            round_trip = time.perf_counter()
            await app.inbox.client.get_website()
            round_trips.append((time.perf_counter() - round_trip) * 1000)
            world = server.emulator.world
            start = time.perf_counter()
            with world.lock:
                message = visitor_message(world, world.rng, session_id, time.time_ns() // 10**6)
            fingerprint = message["fingerprint"]
            await until(lambda fp=fingerprint: any(m.fingerprint == fp for m in log.messages))
            await painted(app)
            latencies.append((time.perf_counter() - start) * 1000)
    return latencies, [rt + LATENCY_MS for rt in round_trips]


def run(quick: bool) -> list[Result]:
    count = 2 if quick else 7
    settings = emulator_settings(latency_ms=LATENCY_MS)
    settings.faults.rtm_event_delay_ms = LATENCY_MS
    with EmulatorServer(settings) as server, tempfile.TemporaryDirectory() as folder:
        samples = asyncio.run(_latencies(server, Path(folder) / "polling.sqlite3", count))
        live = asyncio.run(_live_latencies(server, Path(folder) / "live.sqlite3", count))
    return [
        compared(
            "6 live: visitor message → painted in the open conversation",
            "ms",
            live,
            peer_label="one round trip + 50 ms",
            max_ratio=1.0,
            goal="≤ one round trip + 50 ms",
            note=(
                f"default settings, {LATENCY_MS} ms on each REST answer and each socket event; "
                f"polling's median (worst phase) {median(samples[0]):.0f} ms"
            ),
        ),
        compared(
            "6 visitor message → painted in the open conversation (worst phase)",
            "ms",
            samples,
            peer_label="poll interval + 1 round trip",
            max_ratio=1.0,
            goal="≤ poll interval + one round trip",
            note=(
                f"{INTERVAL:g} s active interval, {LATENCY_MS} ms injected latency; worst "
                f"sample {max(samples[0]):.0f} ms vs median baseline {median(samples[1]):.0f} ms"
            ),
        ),
    ]


if __name__ == "__main__":
    main(run)
