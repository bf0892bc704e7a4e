"""#6 Latency from a visitor's message reaching the emulator to it being painted in the open
conversation, with the poller running.

The emulator runs on loopback (50 ms injected latency). Each message is injected right after a
poll tick has synced, the worst moment: it waits a whole interval. Polling is set to a 1 s active
interval (and a budget that never stretches it) so the run stays short; the goal is relative to
the interval. Baseline: the interval the poller chose plus one measured round trip.
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
        server.base_url, poll_active_seconds=INTERVAL, daily_request_budget=10**9
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


def run(quick: bool) -> list[Result]:
    with (
        EmulatorServer(emulator_settings(latency_ms=LATENCY_MS)) as server,
        tempfile.TemporaryDirectory() as folder,
    ):
        samples = asyncio.run(_latencies(server, Path(folder) / "store.sqlite3", 2 if quick else 7))
    return [
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
        )
    ]


if __name__ == "__main__":
    main(run)
