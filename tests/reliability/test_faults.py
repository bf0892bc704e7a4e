"""A triage session through every fault the network and Crisp can throw, over real loopback HTTP.

Each round the agent polls, opens a conversation, confirms a reply and resolves or parks
another, while the emulator adds latency, random 5xx and dropped connections (JSON or HTML edge
pages) and one scripted fault aimed at the reply's POST: stored-then-dropped, stored-then-5xx,
stored-then-too-slow (a client timeout), lost before storing, 429, a 423 quota day, a refusal.
Afterwards, with the faults gone and nobody touching anything, the inbox must recover by
itself; every confirmed reply is on Crisp exactly once, and no text is lost.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from crisp_tui.crisp.client import CrispClient
from crisp_tui.emulator import Emulator, EmulatorServer, EmulatorSettings, FakeClock
from crisp_tui.emulator.routes import POST_MESSAGE
from crisp_tui.inbox.inbox import Inbox
from crisp_tui.inbox.outbox import SETTLE_MS
from crisp_tui.inbox.store import Store
from crisp_tui.tui.widgets.inbox_list import InboxList
from tests.support.emulator import FIXED_NOW_MS

from .apps import INSTANT_RETRY, emulator_for, settings_for, settle, started, tui_for

ROUNDS = 40
CLIENT_TIMEOUT = 0.25
POST = {"match": "^POST "}
# The fault aimed at round i's reply, in turn; None lets it through (the noise may still hit).
SEND_FAULTS: list[dict[str, Any] | None] = [
    {"commit_then_fail": ["drop"]},
    {"commit_then_fail": ["503"]},
    {"commit_then_fail": ["html:502"]},
    {"commit_then_fail": ["slow"], "slow_ms": 600},  # stored, answered after the timeout
    {**POST, "script": ["503"]},  # lost before storing, looked up, sent again
    {**POST, "script": ["drop", "drop", "drop"]},  # lost every attempt: stays queued
    {**POST, "script": ["429"]},  # rate limited: queued, never stored
    {**POST, "script": ["html:429"]},
    {"daily_quota": 1},  # the day's quota is gone: queued until tomorrow
    {**POST, "script": ["400"]},  # refused for good: the text goes back to the draft
    None,
]


async def instant(_seconds: float) -> None:
    """The app's client backs off without real time passing."""


def noise(rng: random.Random) -> dict[str, Any]:
    return {
        "latency_ms": 1,
        "jitter_ms": 2,
        "error_rate": 0.15,
        "error_status": rng.choice([500, 502, 503, 504]),
        "drop_rate": 0.05,
        "html_errors": rng.random() < 0.5,
        "burst_limit": 25,
        "burst_window_ms": 10_000,
    }


@dataclass
class Session:
    """What the agent did: the replies it confirmed, the drafts it left."""

    confirmed: list[tuple[str, str]] = field(default_factory=list)
    drafts: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    settings = EmulatorSettings(
        seed=7, conversations=60, activity_per_minute=6, clock=FakeClock(FIXED_NOW_MS)
    )
    with EmulatorServer(settings) as server:
        yield server


@pytest.fixture
async def inbox(server: EmulatorServer, tmp_path) -> Inbox:
    clock = server.emulator.clock
    settings = settings_for(server.app, api_url=server.base_url)
    client = CrispClient(
        settings.credentials(),
        api_url=server.base_url,
        timeout=CLIENT_TIMEOUT,
        retry=INSTANT_RETRY,
    )
    store, _ = Store.open(tmp_path / "store.sqlite3")
    inbox = Inbox(client, store, settings, clock=lambda: clock.now_ms() / 1000)
    await inbox.start()
    yield inbox
    await inbox.stop()


async def triage(inbox: Inbox, emulator: Emulator, sessions: list[str]) -> Session:
    rng = random.Random(7)
    done = Session()
    for index in range(ROUNDS):
        emulator.advance(seconds=30)
        fault = SEND_FAULTS[index % len(SEND_FAULTS)] or {}
        emulator.reset_faults()
        emulator.set_faults(**noise(rng), **fault)
        await inbox.reconcile()
        session_id = sessions[index % len(sessions)]
        await inbox.open(session_id)
        text = f"Reply {index}: we are on it."
        await inbox.send(session_id, text)
        done.confirmed.append((session_id, text))
        other = sessions[-1 - index % len(sessions)]
        await inbox.set_state(other, rng.choice(["pending", "resolved"]))
        draft_for = f"draft-{index % 7}"
        done.drafts[draft_for] = f"Unfinished thought {index}"
        inbox.save_draft(draft_for, "reply", done.drafts[draft_for])
    return done


async def recover(inbox: Inbox, emulator: Emulator) -> int:
    """Ticks of the poller until nothing is left to send (bounded); how many it took. A reply
    whose outcome stayed unknown after the settle window is the agent's call: here it resends."""
    emulator.reset_faults()
    for tick in range(1, 6):
        emulator.advance(seconds=86_400)  # a new day: the quota is back
        await inbox.reconcile()
        await resend_unknown(inbox)
        if not inbox.store.outbox(statuses=("queued", "sending", "unknown")):
            return tick
    raise AssertionError(f"still unsent: {inbox.store.outbox()}")


async def resend_unknown(inbox: Inbox) -> None:
    for item in inbox.store.outbox(statuses=("unknown",)):
        assert "S sends it again" in item.error  # the facts the agent decides on
        await inbox.resend(item.session_id, item.fingerprint)


def operator_messages(emulator: Emulator) -> Iterator[tuple[str, dict[str, Any]]]:
    for session_id, history in emulator.world.messages.items():
        for message in history:
            if isinstance(message, dict) and message.get("from") == "operator":
                yield session_id, message


async def test_a_triage_session_through_every_fault(inbox: Inbox, server: EmulatorServer) -> None:
    emulator = server.emulator
    sessions = [row.session_id for row in inbox.rows[:12]]
    done = await triage(inbox, emulator, sessions)
    faults = sum(emulator.gate.applied.values())
    ticks = await recover(inbox, emulator)

    assert inbox.status.online is True and inbox.status.paused_until is None
    stored = Counter(
        (session_id, message["content"])
        for session_id, message in operator_messages(emulator)
        if isinstance(message.get("content"), str)
    )
    assert all(stored[reply] <= 1 for reply in done.confirmed)
    # A refusal (400) is final, whichever attempt it hit: the text is back in the composer or,
    # if the agent wrote something else there meanwhile, kept in the outbox as failed.
    refused = [reply for reply in done.confirmed if stored[reply] == 0]
    assert len(refused) <= emulator.gate.applied.get("error:400", 0)
    kept = {(item.session_id, item.text) for item in inbox.store.outbox(statuses=("failed",))}
    for session_id, text in refused:
        assert inbox.draft(session_id, "reply") == text or (session_id, text) in kept
    assert {key: inbox.draft(key, "reply") for key in done.drafts} == done.drafts
    fingerprints = Counter(m.get("fingerprint") for _, m in operator_messages(emulator))
    duplicates = sum(count - 1 for count in fingerprints.values() if count > 1)
    assert duplicates == 0
    sends = emulator.stats.requests[POST_MESSAGE]
    print(
        f"\nfaults injected {faults} {dict(emulator.gate.applied)}; replies confirmed "
        f"{len(done.confirmed)} ({len(refused)} refused); sends made {sends}; duplicates "
        f"{duplicates}; recovered in {ticks} tick(s)"
    )
    assert faults >= ROUNDS and len(refused) < len(done.confirmed)


TUI_FAULTS: list[dict[str, Any]] = [
    {"commit_then_fail": ["drop"]},
    {**POST, "script": ["503"]},
    {**POST, "script": ["429"]},  # queued: goes out on the next tick
    {"commit_then_fail": ["html:502"]},
    {"drop_rate": 1.0},  # offline: queued, the status bar says so
]


@pytest.mark.slow
async def test_replies_typed_in_the_app_through_faults_arrive_once(tmp_path) -> None:
    emulator_app = emulator_for(conversations=12, activity_per_minute=6)
    emulator = emulator_app.state.emulator
    app = tui_for(emulator_app, tmp_path / "store.sqlite3", settings_for(emulator_app))
    typed: list[tuple[str, str]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        app.inbox.client._transport._sleep = instant
        for index, fault in enumerate(TUI_FAULTS):
            emulator.advance(seconds=30)
            emulator.set_faults(**fault)
            session_id = app.query_one(InboxList).highlighted_id
            text = f"t{index}"
            await pilot.press("enter", "r", *text, "ctrl+j", "y")
            await settle(pilot)
            typed.append((session_id, text))
            emulator.reset_faults()
            await pilot.press("escape", "escape", "j")
        await app.inbox.reconcile()
        emulator.advance(seconds=SETTLE_MS / 1000)  # replies whose answer was lost: settled
        await app.inbox.reconcile()
        await resend_unknown(app.inbox)
        await settle(pilot)
        assert app.inbox.status.online is True
        assert app.inbox.store.outbox() == []
        assert app.is_running
    stored = Counter(
        (session_id, message["content"])
        for session_id, message in operator_messages(emulator)
        if isinstance(message.get("content"), str)
    )
    assert [stored[reply] for reply in typed] == [1] * len(typed)
