"""The poller as it runs: on the monotonic clock, and supervised, over real loopback HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.events import ConversationsChanged, Notice, OutboxChanged
from crisp_tui.inbox.inbox import build_inbox
from crisp_tui.inbox.poller import Poller
from tests.support.agents import copies, open_session, settings_for_app
from tests.support.emulator import served, settings_for

NO_WAIT = RetryPolicy(attempts=1, base_delay=0, max_delay=0)


async def instant(_: float) -> None:
    await asyncio.sleep(0)  # the poller's wait, without the waiting


async def test_a_wall_clock_step_back_during_a_tick_does_not_stall_polling(
    emulator_app, emulator_settings, tmp_path
):
    wall, mono = 1_764_014_400.0, 1000.0  # 20:00 UTC: the budget allows the active interval
    inbox, _ = build_inbox(
        settings_for_app(emulator_app),
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=tmp_path / "store.sqlite3",
        clock=lambda: wall,
        retry=NO_WAIT,
    )
    await inbox.start()
    waits: list[float] = []

    def step_back_during_the_tick(event) -> None:
        nonlocal wall, mono
        if isinstance(event, ConversationsChanged) and waits:
            wall -= 3600  # NTP (or a VM resumed) moves the wall clock back an hour
            mono += 0.4

    async def wait(delay: float) -> None:
        waits.append(delay)
        if len(waits) == 3:
            raise asyncio.CancelledError

    inbox.subscribe(step_back_during_the_tick)
    poller = Poller(inbox, clock=lambda: wall, monotonic=lambda: mono, sleep=wait)
    with pytest.raises(asyncio.CancelledError):
        await poller.run()
    interval = inbox.settings.poll_active_seconds
    assert waits[1:] == pytest.approx([interval - 0.4, interval - 0.4])
    await inbox.stop()


@pytest.fixture
def server(emulator_settings):
    with served(emulator_settings) as server:
        yield server


def loopback_inbox(server: EmulatorServer, tmp_path):
    """An inbox on the loopback server; an event set once no reply is left to send; the text of
    every notice it gave."""
    inbox, _ = build_inbox(
        settings_for(server), store_path=tmp_path / "store.sqlite3", retry=NO_WAIT
    )
    sent = asyncio.Event()
    notices: list[str] = []

    def watch(event) -> None:
        if isinstance(event, OutboxChanged) and not inbox.pending_sends(event.session_id):
            sent.set()
        elif isinstance(event, Notice):
            notices.append(event.text)

    inbox.subscribe(watch)
    return inbox, sent, notices


async def test_a_tick_that_fails_in_any_way_is_reported_and_queued_replies_still_go(
    server, tmp_path, monkeypatch
):
    session_id = open_session(server)
    inbox, sent, notices = loopback_inbox(server, tmp_path)
    await inbox.start()
    inbox.outbox.queue(session_id, "queued before the storm", "reply")
    # Malformed answers over real HTTP (100,000-deep JSON, a gzip body that is not gzip), then
    # an untyped failure inside the tick (a bug in caching a page).
    server.emulator.set_faults(script=["deep", "badgzip"], match="GET .*/conversations/")
    upsert = inbox.store.upsert_conversations
    failed_once: list[bool] = []

    def broken_once(rows):
        if not failed_once:
            failed_once.append(True)
            raise RecursionError("maximum recursion depth exceeded")
        upsert(rows)

    monkeypatch.setattr(inbox.store, "upsert_conversations", broken_once)
    poller = Poller(inbox, sleep=instant)
    poller.start()
    await asyncio.wait_for(sent.wait(), timeout=60)
    assert poller.loop.running and poller.loop.restarts == 0
    await poller.stop()
    assert any("RecursionError" in text for text in notices)
    assert copies(server, session_id, "queued before the storm") == 1
    assert inbox.status.error == "" and inbox.status.online
    await inbox.stop()


async def test_a_poll_loop_that_dies_is_announced_and_restarted(server, tmp_path):
    session_id = open_session(server)
    inbox, sent, notices = loopback_inbox(server, tmp_path)
    await inbox.start()
    inbox.outbox.queue(session_id, "queued while the loop died", "reply")
    deaths: list[bool] = []

    async def wait(_: float) -> None:
        await asyncio.sleep(0)
        if not deaths:
            deaths.append(True)
            raise RuntimeError("the loop itself broke")

    poller = Poller(inbox, sleep=wait)
    poller.start()
    await asyncio.wait_for(sent.wait(), timeout=60)
    assert poller.loop.restarts == 1 and poller.loop.running
    await poller.stop()
    assert any("Polling stopped (RuntimeError)" in text for text in notices)
    assert copies(server, session_id, "queued while the loop died") == 1
    await inbox.stop()


async def test_offline_the_poller_backs_off_and_the_status_stays_offline(emulator_app, tmp_path):
    inbox, _ = build_inbox(
        settings_for_app(emulator_app),
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=tmp_path / "store.sqlite3",
        retry=NO_WAIT,
    )
    await inbox.start()
    inbox.set_activity(focused=True)
    inbox.open_session = inbox.rows[0].session_id  # a tick fetches it alongside the list
    emulator_app.state.emulator.set_faults(drop_rate=1.0)
    seen: list[tuple[float, int, bool | None]] = []

    async def wait(delay: float) -> None:
        seen.append((delay, inbox.health.failures, inbox.status.online))
        if len(seen) == 4:
            raise asyncio.CancelledError

    poller = Poller(inbox, sleep=wait)
    with pytest.raises(asyncio.CancelledError):
        await poller.run()
    interval = inbox.settings.poll_active_seconds
    after_failures = seen[1:]  # the first wait comes before any tick
    assert [(failures, online) for _, failures, online in after_failures] == [
        (1, False),
        (2, False),
        (3, False),
    ]
    assert all(delay >= interval / 2 for delay, _, _ in after_failures)  # backing off
    await inbox.stop()
