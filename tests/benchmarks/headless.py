"""Driving any Textual app headless (`App.run_test`): settle, wait for a state, wait for a paint.

Headless Textual still lays out and renders every frame (only the write to the terminal is
skipped), so paint cost is part of what the TUI benchmarks measure. Imports only Textual, so the
minimal app of the cold-start benchmark pays for nothing else.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.pilot import Pilot

SIZE = (120, 40)


async def settle(pilot: Pilot[object]) -> None:
    """Until every worker is done and the messages they posted are handled."""
    app = pilot.app
    while True:
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return
        await app.workers.wait_for_complete()


async def until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Wait (without Pilot's idle detection, which adds wall time) until `condition` holds."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never reached the awaited state")
        await asyncio.sleep(0.001)


def press(app: App[object], key: str, character: str | None = None) -> None:
    """Deliver a key the way the terminal driver does: one Key event posted to the app."""
    app.post_message(events.Key(key, character))


def idle(app: App[object]) -> bool:
    return not any(worker.is_running for worker in app.workers)


async def painted(app: App[object]) -> None:
    """Return once the screen has been refreshed after everything queued so far."""
    done = asyncio.Event()
    app.screen.call_after_refresh(done.set)
    await done.wait()
