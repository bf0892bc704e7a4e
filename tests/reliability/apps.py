"""The real app (or a bare Inbox) on an in-process emulator, and what its terminal would show."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
from starlette.applications import Starlette
from textual.app import App
from textual.pilot import Pilot

from crisp_tui.config import Settings
from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.emulator import (
    DEMO_TOKEN_ID,
    DEMO_TOKEN_KEY,
    DEMO_WEBSITE_ID,
    EmulatorSettings,
    FakeClock,
    create_app,
)
from crisp_tui.inbox.inbox import Inbox, build_inbox
from crisp_tui.tui.app import CrispApp
from crisp_tui.tui.app import create_app as create_crisp_app
from crisp_tui.tui.clock import Clock
from tests.support.emulator import FIXED_NOW_MS

# Textual writes SGR (colours) and nothing else; any other escape, C1 or bidi control in what
# reaches the terminal came from Crisp.
SGR = re.compile(r"\x1b\[[0-9;:]*m")
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Retries back off without real time passing.
INSTANT_RETRY = RetryPolicy(base_delay=0, max_delay=0)


def emulator_for(**overrides: object) -> Starlette:
    """An emulator on a fake clock; quiet (no seeded inbox, no visitors) unless told."""
    values: dict[str, object] = {
        "conversations": 0,
        "activity_per_minute": 0,
        "clock": FakeClock(FIXED_NOW_MS),
    }
    values.update(overrides)
    return create_app(EmulatorSettings(**values))  # type: ignore[arg-type]


def settings_for(emulator_app: Starlette, **overrides: object) -> Settings:
    emulator = emulator_app.state.emulator
    values: dict[str, object] = {
        "website_id": DEMO_WEBSITE_ID,
        "token_id": DEMO_TOKEN_ID,
        "token_key": DEMO_TOKEN_KEY,
        "api_url": "http://emulator.invalid/v1",
        "operator_id": emulator.world.operators[0]["details"]["user_id"],
        "theme": "textual-dark",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def _clock(emulator_app: Starlette) -> Clock:
    clock = emulator_app.state.emulator.clock
    return lambda: clock.now_ms() / 1000


def tui_for(emulator_app: Starlette, store_path: Path, settings: Settings) -> CrispApp:
    """The app without its polling timer: tests poll by calling `app.inbox.reconcile()`."""
    return create_crisp_app(
        settings,
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=store_path,
        clock=_clock(emulator_app),
        poll=False,
    )


def inbox_for(emulator_app: Starlette, store_path: Path, settings: Settings) -> Inbox:
    inbox, _notice = build_inbox(
        settings,
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=store_path,
        clock=_clock(emulator_app),
        retry=INSTANT_RETRY,
    )
    return inbox


async def settle(pilot: Pilot) -> None:
    """Until every worker is done and the messages they posted are handled.

    `pause(0)` drains the message queues without Textual's CPU-idle wait (20 ms slices), so a
    test can open hundreds of conversations in seconds; nothing here sleeps.
    """
    app = pilot.app
    for _ in range(100):
        await pilot.pause(0)
        if any(worker.is_running for worker in app.workers):
            await app.workers.wait_for_complete()
            continue
        await pilot.pause(0)
        if not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the app did not settle")


async def started(pilot: Pilot) -> None:
    """Until the app has painted its first frame (its start-up work is scheduled after it) and
    settled."""
    painted = asyncio.Event()
    pilot.app.screen.call_after_refresh(painted.set)
    await painted.wait()
    await settle(pilot)


def screen_problems(app: App[object]) -> Iterator[str]:
    """What would be wrong on the terminal: clickable or linked text, escapes, C1, bidi."""
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            style = segment.style
            if style and (style.link or "@click" in style.meta):
                yield f"line {y}: {segment.text[:40]!r} link {style.link!r} meta {style.meta!r}"
        written = SGR.sub("", strip.render(app.console))
        if bad := UNSAFE.search(written):
            yield f"line {y}: {bad[0]!r} written to the terminal near {written[:60]!r}"
