"""Regenerate `screenshots/*.svg`: the real app on the demo inbox, driven by keys.

    python -m tests.screenshots [OUT_DIR]

The emulator runs on a fixed clock with visitors paused, so the pictures only change when the
app or the demo data does.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
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
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog

ROOT = Path(__file__).resolve().parent.parent
NOW_MS = 1_764_075_600_000  # 2025-11-25 13:00 UTC
SIZE = (140, 42)
FIRST_SCREEN_ROWS = 15  # rows the list shows at SIZE, with room to spare
Step = Callable[[Pilot], Awaitable[None]]


async def settle(pilot: Pilot) -> None:
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return


def showcase_session(world, candidates: Sequence[str]) -> str:
    """Among `candidates` (the rows on the first screen), the conversation a reader of the
    README follows best: a named visitor, in English, whose newest messages are the most
    varied (message types, distinct texts, both sides writing)."""

    def score(session_id: str) -> tuple[bool, int, int, int]:
        nickname = str(world.conversations[session_id].get("meta", {}).get("nickname", ""))
        newest = world.messages[session_id][-12:]
        texts = [str(m.get("content")) for m in newest]
        types = {m.get("type") for m in newest} | {m.get("from") for m in newest}
        english = sum(text.isascii() for text in texts)
        named = bool(nickname) and not nickname.startswith("visitor")
        return named, english, len(types), len(set(texts))

    return max(candidates, key=score)


async def open_a_screenshot(pilot: Pilot, world) -> None:
    """Open the first listed conversation whose newest messages hold a PNG a visitor sent."""
    inbox_list = pilot.app.query_one(InboxList)

    def has_png(session_id: str) -> bool:
        newest = world.messages[session_id][-40:]
        return any(
            m.get("type") == "file" and m["content"].get("type") == "image/png" for m in newest
        )

    inbox_list.select_id(next(filter(has_png, inbox_list.session_ids)))
    await pilot.press("enter")
    await settle(pilot)


def image_preview_keys(app: CrispApp) -> list[str]:
    """`i`, then down to the open conversation's first PNG (a seeded "screenshot"), then enter."""
    from crisp_tui.inbox.attachments import attachments

    images = [a for a in attachments(app.query_one(MessageLog).messages) if a.is_image]
    png = next(i for i, a in enumerate(images) if a.mime_type == "image/png")
    return ["i", *["down"] * png, "enter"]


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
        snippets_file=str(store_dir / "no-snippets.toml"),  # the demo's examples, not yours
    )
    app = create_app(
        settings,
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=store_dir / "demo.sqlite3",
        clock=lambda: NOW_MS / 1000,
        poll=False,
        snippet_examples=True,
    )
    return app, world


def word_to_find(world, session_id: str) -> str:
    """A word the showcase conversation uses more than once, for the in-conversation search."""
    words = Counter(
        word.strip(".,!?").lower()
        for message in world.messages[session_id][-12:]
        if isinstance(message.get("content"), str)
        for word in message["content"].split()
        if len(word.strip(".,!?")) >= 5
    )
    return words.most_common(1)[0][0] if words else "the"


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
            # The open conversation is the highlighted row, opened with enter, at its newest.
            inbox_list = app.query_one(InboxList)
            showcase = showcase_session(world, inbox_list.session_ids[:FIRST_SCREEN_ROWS])
            while inbox_list.highlighted_id != showcase:
                await pilot.press("j")
            await shot("inbox", "enter", "escape")
            await shot("conversation", "enter")
            await shot("find", "f", *word_to_find(world, showcase), "enter", "N")
            await pilot.press("escape")
            await shot("visitor-panel", "v")
            await pilot.press("v", "r")
            await pilot.press(*"Thanks for the details, I've refunded the duplicate charge.")
            await shot("confirm-send", "ctrl+j")
            await shot("snippet-picker", "escape", " ", "!", *"ref")
            # Close it (" !ref" stays, as typed), take " !ref" out, back to the list.
            await pilot.press("escape", *["backspace"] * len(" !ref"), "escape", "escape")
            # Bulk triage: three rows selected, and the one confirmation naming them.
            await shot("bulk-select", "space", "space", "space", "e")
            await pilot.press("n", "minus")
            await shot("search", "slash", *"refund", "enter")
            await shot("help", "question_mark")
            await pilot.press("escape", "escape")
            await open_a_screenshot(pilot, world)
            await shot("image-preview", *image_preview_keys(app))
    return written


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else ROOT / "screenshots"
    for path in asyncio.run(capture(out_dir)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
