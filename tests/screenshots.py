"""Regenerate `screenshots/*.svg`: the real app on the demo inbox, driven by keys.

    python -m tests.screenshots [OUT_DIR]

The emulator runs on a fixed clock with visitors paused, so the pictures only change when the
app or the demo data does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from textual.pilot import Pilot

from crisp_tui.config import Settings
from crisp_tui.emulator import (
    DEMO_TOKEN_ID,
    DEMO_TOKEN_KEY,
    DEMO_WEBSITE_ID,
    EmulatorSettings,
    FakeClock,
)
from crisp_tui.emulator import create_app as create_emulator
from crisp_tui.tui.app import CrispApp, create_app

ROOT = Path(__file__).resolve().parent.parent
NOW_MS = 1_764_075_600_000  # 2025-11-25 13:00 UTC
SIZE = (140, 42)
Step = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return


def showcase_session(world) -> str:
    """The conversation whose newest messages show the most message types."""

    def variety(session_id: str) -> int:
        return len({m.get("type") for m in world.messages[session_id][-14:]})

    return max(world.messages, key=variety)


def demo(store_dir: Path) -> tuple[CrispApp, object]:
    emulator_app = create_emulator(EmulatorSettings(clock=FakeClock(NOW_MS), activity_per_minute=0))
    world = emulator_app.state.emulator.world
    settings = Settings(
        website_id=DEMO_WEBSITE_ID,
        token_id=DEMO_TOKEN_ID,
        token_key=DEMO_TOKEN_KEY,
        api_url="http://emulator.invalid/v1",
        operator_id=world.operators[0]["details"]["user_id"],
        theme="textual-dark",
    )
    app = create_app(
        settings,
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=store_dir / "demo.sqlite3",
        clock=lambda: NOW_MS / 1000,
        poll=False,
    )
    return app, world


async def capture(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as store_dir:
        app, world = demo(Path(store_dir))
        async with app.run_test(size=SIZE) as pilot:

            async def shot(name: str, *keys: str) -> None:
                if keys:
                    await pilot.press(*keys)
                await settle(pilot)
                written.append(Path(app.save_screenshot(f"{name}.svg", str(out_dir))))

            await settle(pilot)
            await shot("inbox", "j", "j", "enter")
            app.main.open_conversation(showcase_session(world))
            await shot("conversation")
            await shot("visitor-panel", "v")
            await pilot.press("v", "r")
            await pilot.press(*"Thanks for the details, I've refunded the duplicate charge.")
            await shot("confirm-send", "ctrl+j")
            await pilot.press("escape", "escape", "escape")
            await shot("search", "slash", *"refund", "enter")
            await shot("help", "question_mark")
    return written


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "screenshots"
    for path in asyncio.run(capture(out_dir)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
