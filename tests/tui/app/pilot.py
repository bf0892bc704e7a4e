"""Helpers for driving the app: wait until every worker and message is done, never sleep."""

from __future__ import annotations

import contextlib
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.keys import REPLACED_KEYS
from textual.pilot import Pilot

from crisp_tui.tui.app import CrispApp
from crisp_tui.tui.widgets.message_log import MessageLog


async def settle(pilot: Pilot) -> None:
    """Let workers finish and the messages they posted be handled, until nothing moves."""
    app = pilot.app
    for _ in range(20):
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            return
        await app.workers.wait_for_complete()
    raise AssertionError("the app did not settle")


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def burst(pilot: Pilot, *keys: str | events.Paste) -> None:
    """Deliver `keys` as the terminal driver delivers one read (a paste, fast typing over ssh,
    tmux send-keys): every event is posted before the app handles the first, where
    `pilot.press` waits for each. Keys are named as for `pilot.press` ("r", "slash", "alt+e");
    a bracketed paste is its Paste event."""
    for key in keys:
        pilot.app.post_message(
            key if isinstance(key, events.Paste) else events.Key(key, _character(key))
        )
    await settle(pilot)


def _character(key: str) -> str | None:
    """The character the driver gives a key, as Pilot works it out: "slash" → "/"."""
    if len(key) == 1:
        return key
    try:
        return unicodedata.lookup(REPLACED_KEYS.get(key, key))
    except KeyError:
        return None


async def until_painted(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition` holds: for what it paints on a timer, not at once."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app never painted the awaited state")
        await pilot.pause(0.02)


def use_editor(app: CrispApp, monkeypatch, tmp_path: Path, script: str) -> None:
    """`$EDITOR` is this shell script (`$1` is the draft's file), run without handing the
    terminal over: Pilot has none to suspend."""
    editor = tmp_path / "editor.sh"
    editor.write_text(f"#!/bin/sh\n{script}\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)


def notices(app: CrispApp) -> list[str]:
    """The text of every notification shown so far (toasts not yet expired)."""
    return [notification.message for notification in app._notifications]


def shown_lines(log: MessageLog) -> str:
    """The conversation view's lines as painted (what is in view, not the whole history)."""
    return "\n".join(log.render_line(y).text for y in range(log.size.height))
