"""The inbox against the in-process emulator: views, polling, actions, outbox, failures."""

from __future__ import annotations

import asyncio
import itertools
import time

import httpx
import pytest

from crisp_tui.config import Settings
from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.crisp.models import Message
from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.inbox.events import (
    ConversationsChanged,
    MessagesChanged,
    NewVisitorMessage,
    Notice,
    OutboxChanged,
    SyncStatusChanged,
)
from crisp_tui.inbox.inbox import Inbox, build_inbox
from crisp_tui.inbox.outbox import SETTLE_MS
from crisp_tui.inbox.poller import Poller
from crisp_tui.inbox.store import OutboxItem, StoreError
from crisp_tui.inbox.views import View
from tests.support.emulator import visitor_writes

NO_WAIT = RetryPolicy(attempts=3, base_delay=0, max_delay=0)


@pytest.fixture
def emulator(emulator_app):
    return emulator_app.state.emulator


@pytest.fixture
def settings(emulator) -> Settings:
    config = emulator.settings
    operator = emulator.world.operators[0]["details"]["user_id"]
    return Settings(
        website_id=config.website_id,
        token_id=config.token_id,
        token_key=config.token_key,
        api_url="http://emulator.test/v1",
        operator_id=operator,
    )


class Recorder:
    def __init__(self, inbox: Inbox) -> None:
        self.events: list[object] = []
        inbox.subscribe(self.events.append)

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]


def make_inbox(emulator_app, settings, tmp_path, clock=time.time) -> tuple[Inbox, Recorder]:
    inbox, notice = build_inbox(
        settings,
        transport=httpx.ASGITransport(app=emulator_app),
        store_path=tmp_path / "store.sqlite3",
        clock=clock,
        retry=NO_WAIT,
    )
    assert notice is None
    return inbox, Recorder(inbox)


@pytest.fixture
async def started(emulator_app, settings, tmp_path):
    inbox, recorder = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    yield inbox, recorder
    await inbox.stop()


def stored_operator_texts(emulator, session_id: str, text: str) -> int:
    return sum(
        1
        for m in emulator.world.messages[session_id]
        if m.get("from") == "operator" and m.get("content") == text
    )


async def test_start_loads_the_open_view_and_the_account(started, emulator):
    inbox, recorder = started
    assert inbox.rows and all(row.state != "resolved" for row in inbox.rows)
    stamps = [row.updated_at for row in inbox.rows]
    assert stamps == sorted(stamps, reverse=True)
    assert inbox.status.online and inbox.status.website_name == emulator.settings.website_name
    assert inbox.me is not None
    assert recorder.of(ConversationsChanged)
    assert inbox.status.requests_today == inbox.client.usage.count >= 3


async def test_load_more_appends_the_next_page(started):
    inbox, _ = started
    first = [row.session_id for row in inbox.rows]
    assert inbox.has_more_pages
    await inbox.load_more()
    assert [row.session_id for row in inbox.rows][: len(first)] == first
    assert len(inbox.rows) > len(first)


async def test_open_shows_messages_and_marks_read(started, emulator):
    inbox, recorder = started
    row = next(r for r in inbox.rows if r.unread_operator)
    await inbox.open(row.session_id)
    assert inbox.messages(row.session_id)
    assert MessagesChanged(row.session_id) in recorder.events
    assert inbox.conversation(row.session_id).unread_operator == 0
    assert emulator.world.conversations[row.session_id]["unread"]["operator"] == 0


async def test_older_history_loads_on_request(started, emulator):
    inbox, _ = started
    sizes = {sid: len(m) for sid, m in emulator.world.messages.items()}
    session_id = max(sizes, key=sizes.__getitem__)
    await inbox.open(session_id)
    newest = len(inbox.messages(session_id))
    assert inbox.has_older(session_id)
    await inbox.load_older(session_id)
    assert len(inbox.messages(session_id)) > newest


async def test_send_delivers_once_and_clears_the_draft(started, emulator):
    inbox, recorder = started
    session_id = inbox.rows[0].session_id
    inbox.save_draft(session_id, "reply", "Thanks, fixed!")
    await inbox.send(session_id, "Thanks, fixed!")
    assert stored_operator_texts(emulator, session_id, "Thanks, fixed!") == 1
    assert inbox.draft(session_id, "reply") == ""
    assert inbox.pending_sends(session_id) == []
    assert any(m.content == "Thanks, fixed!" for m in inbox.messages(session_id))
    assert recorder.of(OutboxChanged)
    [sent] = [
        m for m in emulator.world.messages[session_id] if m.get("content") == "Thanks, fixed!"
    ]
    assert sent["user"]["nickname"] == inbox.me.display_name


async def test_a_note_is_a_note(started, emulator):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    await inbox.send(session_id, "internal only", note=True)
    notes = [m for m in emulator.world.messages[session_id] if m.get("type") == "note"]
    assert notes[-1]["content"] == "internal only"


async def test_stored_then_dropped_send_is_not_duplicated(started, emulator):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    emulator.set_faults(commit_then_fail=["drop"])
    await inbox.send(session_id, "exactly once please")
    assert stored_operator_texts(emulator, session_id, "exactly once please") == 1
    assert inbox.pending_sends(session_id) == []


async def test_a_send_whose_answer_was_lost_is_looked_up_not_resent_then_left_to_the_agent(
    emulator_app, emulator, settings, tmp_path
):
    """A dropped connection may follow a stored POST (or one stored later): no resend while it
    may still land; after the settle window the agent decides, and S sends it once."""
    now = 1_764_014_400.0
    inbox, recorder = make_inbox(emulator_app, settings, tmp_path, clock=lambda: now)
    await inbox.start()
    session_id = inbox.rows[0].session_id
    emulator.set_faults(drop_rate=1.0)
    await inbox.send(session_id, "sent when back")
    [item] = inbox.pending_sends(session_id)
    assert item.status == "queued" and item.text == "sent when back" and item.unknown_since
    assert any("checks whether it arrived" in n.text for n in recorder.of(Notice))
    await inbox.reconcile()
    assert inbox.status.online is False and inbox.status.offline_since
    emulator.reset_faults()
    await inbox.reconcile()
    assert inbox.status.online is True
    assert [i.status for i in inbox.pending_sends(session_id)] == ["queued"]  # still settling
    now += SETTLE_MS / 1000
    await inbox.reconcile()
    [item] = inbox.pending_sends(session_id)
    assert item.status == "unknown" and "S sends it again" in item.error
    assert stored_operator_texts(emulator, session_id, "sent when back") == 0
    assert await inbox.resend(session_id, item.fingerprint)
    assert stored_operator_texts(emulator, session_id, "sent when back") == 1
    assert inbox.pending_sends(session_id) == []
    await inbox.stop()


async def test_refused_send_puts_the_text_back_as_draft(started):
    inbox, recorder = started
    ghost = "session_00000000-0000-0000-0000-000000000000"
    await inbox.send(ghost, "where did it go")
    assert inbox.draft(ghost, "reply") == "where did it go"
    [item] = inbox.pending_sends(ghost)
    assert item.status == "failed"
    assert any(n.severity == "error" for n in recorder.of(Notice))


async def test_cancel_a_queued_reply(started, emulator):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    emulator.set_faults(drop_rate=1.0)
    await inbox.send(session_id, "never mind")
    [item] = inbox.pending_sends(session_id)
    assert inbox.cancel_send(item.fingerprint)
    emulator.reset_faults()
    await inbox.reconcile()
    assert stored_operator_texts(emulator, session_id, "never mind") == 0
    assert inbox.draft(session_id, "reply") == "never mind"


async def test_reply_left_sending_by_a_crash_is_looked_up_not_resent(
    emulator_app, emulator, settings, tmp_path
):
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    session_id = inbox.rows[0].session_id
    await inbox.stop()
    # The crashed process had stored the item and its POST had reached Crisp.
    credentials = Credentials(settings.website_id, settings.token_id, settings.token_key)
    async with CrispClient(
        credentials, api_url=settings.api_url, transport=httpx.ASGITransport(app=emulator_app)
    ) as client:
        fingerprint = await client.send_message(session_id, "sent before the crash")
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    inbox.store.enqueue(
        OutboxItem(session_id, fingerprint, "reply", "sent before the crash", 1, "sending")
    )
    await inbox.start()
    await inbox.reconcile()
    assert stored_operator_texts(emulator, session_id, "sent before the crash") == 1
    assert inbox.pending_sends(session_id) == []
    await inbox.stop()


async def test_polling_brings_new_visitor_messages(started, emulator):
    inbox, recorder = started
    emulator.advance(seconds=1200)
    await inbox.reconcile()
    arrivals = recorder.of(NewVisitorMessage)
    assert arrivals and all(a.excerpt for a in arrivals)
    assert len(arrivals) <= 3
    newest = max(inbox.rows, key=lambda r: r.updated_at)
    assert inbox.rows[0] == newest


async def test_polling_refreshes_the_open_conversation(started, emulator):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    await inbox.open(session_id)
    before = len(inbox.messages(session_id))
    visitor_writes(emulator, session_id, "are you there?", fingerprint=2**40 + 1)
    await inbox.reconcile()
    assert len(inbox.messages(session_id)) == before + 1


async def test_state_assign_and_unread(started, emulator):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    await inbox.set_state(session_id, "resolved")
    assert emulator.world.conversations[session_id]["state"] == "resolved"
    assert session_id not in {row.session_id for row in inbox.rows}
    other = inbox.rows[0].session_id
    await inbox.assign(other, inbox.settings.operator_id)
    assert inbox.conversation(other).assigned_user_id == inbox.settings.operator_id
    await inbox.assign(other, None)
    assert inbox.conversation(other).assigned_user_id is None
    await inbox.mark_unread(other)
    assert inbox.conversation(other).unread_operator >= 1


async def test_each_filter_shows_matching_rows(started):
    inbox, _ = started
    me = inbox.settings.operator_id
    for name in ("unread", "mine", "unassigned", "resolved", "all"):
        await inbox.set_view(View.builtin(name))
        assert inbox.view.name == name
        assert all(inbox.view.accepts(row, me) for row in inbox.rows), name
    await inbox.set_view(View.builtin("all", inbox.rows[0].meta.nickname or "a"))
    assert inbox.rows


async def test_mine_without_an_operator_says_what_to_set(emulator_app, settings, tmp_path):
    from dataclasses import replace

    inbox, recorder = make_inbox(emulator_app, replace(settings, operator_id=""), tmp_path)
    await inbox.set_view(View.builtin("mine"))
    assert inbox.view.name == "open"
    assert "CRISP_OPERATOR_ID" in recorder.of(Notice)[0].text
    await inbox.stop()


async def test_quota_pauses_polling_until_tomorrow(started, emulator):
    inbox, recorder = started
    emulator.set_faults(daily_quota=1)
    await inbox.reconcile()
    assert inbox.status.paused_until and inbox.status.paused_until > time.time()
    assert "quota" in recorder.of(Notice)[-1].text


async def test_restart_offline_paints_the_cache(emulator_app, emulator, settings, tmp_path):
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    rows = [row.session_id for row in inbox.rows]
    await inbox.stop()
    emulator.set_faults(drop_rate=1.0)
    inbox, recorder = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    assert [row.session_id for row in inbox.rows] == rows[: len(inbox.rows)]
    assert inbox.status.cached and inbox.status.online is False
    assert recorder.of(Notice)
    await inbox.stop()


async def test_a_quiet_poll_repaints_nothing_and_fetches_the_open_conversation_alongside(
    started, emulator
):
    inbox, recorder = started
    session_id = inbox.rows[0].session_id
    await inbox.open(session_id)
    emulator.set_activity(0)
    await inbox.reconcile()  # brings the read marks that opening set
    recorder.events.clear()
    before = emulator.stats.to_dict()["requests"]
    await inbox.reconcile()
    assert not recorder.of(MessagesChanged)
    after = emulator.stats.to_dict()["requests"]
    fetched = {route for route in after if after[route] != before.get(route)}
    assert any("/messages" in route for route in fetched)
    assert any("/conversations/" in route for route in fetched)


async def test_opening_a_conversation_outside_the_list_fetches_it(started, emulator):
    inbox, recorder = started
    resolved = next(
        sid for sid, c in emulator.world.conversations.items() if c.get("state") == "resolved"
    )
    assert resolved not in {row.session_id for row in inbox.rows}
    await inbox.open(resolved)
    assert inbox.conversation(resolved).session_id == resolved
    assert ConversationsChanged(frozenset({resolved})) in recorder.events


async def test_send_says_whether_crisp_has_it(started, emulator):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    assert await inbox.send(session_id, "one")
    emulator.set_faults(drop_rate=1.0)
    assert not await inbox.send(session_id, "two")


async def test_search_shows_cached_hits_at_once_even_offline(started, emulator):
    inbox, recorder = started
    target = next(row for row in inbox.rows if row.meta.nickname)
    await inbox.open(target.session_id)
    word = target.meta.nickname.split()[0]
    emulator.set_faults(drop_rate=1.0)
    recorder.events.clear()
    await inbox.set_view(View.builtin("all", word))
    assert target.session_id in {row.session_id for row in inbox.rows}
    assert inbox.status.online is False
    emulator.reset_faults()
    await inbox.set_view(View.builtin("all", word))
    assert inbox.rows[0].session_id in {
        sid
        for sid, c in emulator.world.conversations.items()
        if word.lower() in str(c.get("meta", {}).get("nickname", "")).lower()
        or any(
            word.lower() in str(m.get("content", "")).lower() for m in emulator.world.messages[sid]
        )
        or word.lower() in str(c.get("meta", {}).get("email", "")).lower()
    }


def over_cap_inbox(emulator_app, settings, tmp_path, *, cached: int, cap: int) -> Inbox:
    """An inbox whose cache holds `cached` old resolved conversations, capped at `cap`."""
    from dataclasses import replace

    from crisp_tui.crisp.models import Conversation
    from crisp_tui.inbox.store import Store

    store, _ = Store.open(tmp_path / "store.sqlite3")
    with store:
        store.upsert_conversations(
            Conversation.parse({"session_id": f"old_{n}", "state": "resolved", "updated_at": n})
            for n in range(cached)
        )
    inbox, _ = make_inbox(emulator_app, replace(settings, cache_max_conversations=cap), tmp_path)
    return inbox


async def test_start_caps_the_cache_evicting_old_resolved_first(emulator_app, settings, tmp_path):
    inbox = over_cap_inbox(emulator_app, settings, tmp_path, cached=30, cap=25)
    await inbox.start()
    assert inbox.store.count_conversations() == 25
    assert all(inbox.store.conversation(row.session_id) for row in inbox.rows)
    await inbox.stop()


async def test_a_cache_far_over_its_cap_is_evicted_without_holding_the_event_loop(
    emulator_app, settings, tmp_path, monkeypatch
):
    inbox = over_cap_inbox(emulator_app, settings, tmp_path, cached=3000, cap=100)
    turns = 0

    async def event_loop_turns() -> None:  # stands in for the UI painting frames
        nonlocal turns
        while True:
            turns += 1
            await asyncio.sleep(0)

    steps: list[tuple[int, int]] = []  # (conversations evicted, loop turns so far)
    evict = inbox.store.evict

    def recorded(**limits: int) -> int:
        evicted = evict(**limits)
        steps.append((evicted, turns))
        return evicted

    monkeypatch.setattr(inbox.store, "evict", recorded)
    ui = asyncio.create_task(event_loop_turns())
    await inbox.start()
    ui.cancel()
    assert inbox.store.count_conversations() == 100
    evicting = [step for step in steps if step[0]]
    assert len(evicting) > 10  # small steps, not one long transaction
    turns_seen = [seen for _, seen in evicting]
    assert all(later > earlier for earlier, later in itertools.pairwise(turns_seen))
    await inbox.stop()


async def test_a_restart_forgets_sent_replies(emulator_app, settings, tmp_path):
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    await inbox.send(inbox.rows[0].session_id, "delivered long ago")
    assert [i.status for i in inbox.store.outbox(statuses=("sent",))] == ["sent"]
    await inbox.stop()
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    inbox.load_cached()
    assert inbox.store.outbox(statuses=("sent", "cancelled")) == []
    await inbox.stop()


async def test_a_failing_poll_says_so_once_not_every_tick(emulator_app, settings, tmp_path):
    from dataclasses import replace

    inbox, recorder = make_inbox(emulator_app, replace(settings, token_key="wrong"), tmp_path)
    await inbox.start()
    for _ in range(3):
        await inbox.reconcile()
    assert [n.text for n in recorder.of(Notice)] == [
        "Crisp rejected the credentials: check CRISP_TOKEN_ID, CRISP_TOKEN_KEY and CRISP_TIER "
        "(plugin or website)."
    ]
    await inbox.stop()


async def test_starting_offline_loads_the_account_when_crisp_answers(
    emulator_app, emulator, settings, tmp_path
):
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    await inbox.stop()
    emulator.set_faults(drop_rate=1.0)
    inbox, _ = make_inbox(emulator_app, settings, tmp_path)
    await inbox.start()
    assert inbox.me is not None  # from the cache
    assert inbox.status.website_name == ""
    emulator.reset_faults()
    await inbox.reconcile()
    assert inbox.status.website_name == emulator.settings.website_name
    assert inbox.status.online is True
    await inbox.stop()


async def test_a_burst_of_arrivals_is_summed_up_not_toasted_one_by_one(started, emulator):
    inbox, recorder = started
    for number, row in enumerate(inbox.rows[:6]):
        visitor_writes(emulator, row.session_id, "hello again", fingerprint=2**42 + number)
    recorder.events.clear()
    await inbox.reconcile()
    assert len(recorder.of(NewVisitorMessage)) == 3
    assert any("3 more conversations" in n.text for n in recorder.of(Notice))


async def test_ticks_start_a_fixed_interval_apart_whatever_a_tick_took(
    emulator_app, settings, tmp_path, monkeypatch
):
    """A visitor's message waits at most one interval, not an interval plus a tick's round trips;
    a quota pause still counts from now."""
    now = 1_764_014_400.0  # 20:00 UTC: the quota spread over the day allows the active interval
    inbox, _ = make_inbox(emulator_app, settings, tmp_path, clock=lambda: now)
    await inbox.start()
    inbox.set_activity(focused=True)
    waits: list[float] = []

    async def waited(timeout):  # stands in for the poller's wait: time passes
        nonlocal now
        waits.append(timeout)
        now += timeout

    async def slow_tick() -> None:
        nonlocal now
        now += 0.4
        if len(waits) == 3:
            raise asyncio.CancelledError

    monkeypatch.setattr(inbox, "reconcile", slow_tick)
    poller = Poller(inbox, clock=lambda: now, monotonic=lambda: now, sleep=waited)
    with pytest.raises(asyncio.CancelledError):
        await poller.run()
    interval = inbox.status.poll_interval
    assert interval == settings.poll_active_seconds
    assert waits == pytest.approx([interval, interval - 0.4, interval - 0.4])

    inbox.health.set_status(paused_until=now + 100)
    assert poller.next_delay(tick_started=now - 50) == 100
    await inbox.stop()


async def test_a_failing_cache_is_reported_and_polling_goes_on(started, emulator, monkeypatch):
    inbox, recorder = started
    upsert = inbox.store.upsert_conversations

    def locked(rows):
        raise StoreError("The local cache failed (database is locked): close other windows.")

    monkeypatch.setattr(inbox.store, "upsert_conversations", locked)
    await inbox.reconcile()  # must not raise: the poller would die with it
    assert "database is locked" in recorder.of(Notice)[-1].text
    assert "locked" in inbox.status.error
    monkeypatch.setattr(inbox.store, "upsert_conversations", upsert)
    await inbox.reconcile()
    assert inbox.status.error == ""


async def test_switching_view_paints_the_cache_once_then_the_server_page_once(started):
    inbox, recorder = started
    await inbox.set_view(View.builtin("unread"))  # caches the unread rows
    await inbox.set_view(View.builtin("open"))
    recorder.events.clear()
    await inbox.set_view(View.builtin("unread"))
    assert len(recorder.of(ConversationsChanged)) == 2


async def test_a_status_that_did_not_change_is_not_announced(started):
    inbox, recorder = started
    recorder.events.clear()
    inbox.health.set_status(poll_interval=inbox.status.poll_interval, online=inbox.status.online)
    assert recorder.of(SyncStatusChanged) == []


async def test_an_open_conversation_outside_the_list_is_budgeted_as_fetched_every_tick(
    started, emulator
):
    inbox, _ = started
    inbox.set_activity(focused=False)
    inbox.open_session = "session_not_in_the_list"
    assert inbox.fetches_open_every_reconcile
    inbox.open_session = inbox.rows[0].session_id
    assert not inbox.fetches_open_every_reconcile


async def test_an_offline_tick_with_a_conversation_open_is_one_failure(started, emulator):
    inbox, _ = started
    inbox.set_activity(focused=True)
    inbox.open_session = inbox.rows[0].session_id  # fetched alongside the list
    emulator.set_faults(drop_rate=1.0)
    await inbox.reconcile()
    assert inbox.health.failures == 1
    await inbox.reconcile()
    assert inbox.health.failures == 2


async def test_a_failing_outbox_read_does_not_stop_polling(started, monkeypatch):
    inbox, recorder = started

    def locked(*args, **kwargs):
        raise StoreError("The local cache failed (database is locked): close other windows.")

    monkeypatch.setattr(inbox.store, "outbox", locked)
    await inbox.reconcile()  # delivering queued replies reads the outbox
    assert "database is locked" in recorder.of(Notice)[-1].text


# --- the seam every source of change uses (the poller today, live events next) ---------------


async def test_applied_conversations_follow_the_view(started):
    inbox, recorder = started
    first, second = inbox.rows[0], inbox.rows[1]
    newcomer = first.patched(session_id="session_live_new", updated_at=first.updated_at + 1)
    recorder.events.clear()
    inbox.apply_conversations([newcomer, second.patched(state="resolved")])
    ids = [row.session_id for row in inbox.rows]
    assert ids[0] == "session_live_new"  # entered the open view, newest first
    assert second.session_id not in ids  # resolved: left the open view
    assert inbox.store.conversation(second.session_id).state == "resolved"
    assert recorder.of(ConversationsChanged)[-1].changed == {
        "session_live_new",
        second.session_id,
    }


async def test_a_patch_changes_the_row_without_adding_rows(started):
    inbox, _ = started
    row = inbox.rows[0]
    inbox.apply_patch(row.session_id, unread={"operator": 7, "visitor": 0})
    assert inbox.conversation(row.session_id).unread_operator == 7
    inbox.apply_patch("session_nobody_knows", state="resolved")
    assert inbox.conversation("session_nobody_knows") is None


async def test_applied_messages_merge_by_fingerprint_and_announce_only_news(started):
    inbox, recorder = started
    session_id = inbox.rows[0].session_id
    await inbox.open(session_id)
    newest = inbox.messages(session_id)[-1]
    recorder.events.clear()
    assert not inbox.apply_messages(session_id, [newest])  # a duplicate changes nothing
    fresh = Message.parse(
        {**newest.raw, "fingerprint": newest.fingerprint + 1, "timestamp": newest.timestamp + 1}
    )
    assert inbox.apply_messages(session_id, [fresh])
    assert inbox.messages(session_id)[-1].fingerprint == fresh.fingerprint
    assert recorder.of(MessagesChanged) == [MessagesChanged(session_id)]


async def test_a_removed_conversation_leaves_the_list_and_the_cache(started):
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    inbox.apply_removed(session_id)
    assert session_id not in [row.session_id for row in inbox.rows]
    assert inbox.store.conversation(session_id) is None


async def test_a_reply_waiting_on_its_outcome_is_settled_by_the_message_arriving(started, emulator):
    """A live event (or a fetched batch) with the reply's fingerprint ends the wait at once."""
    inbox, _ = started
    session_id = inbox.rows[0].session_id
    emulator.set_faults(late_commits=1, late_commit_answer="drop")
    await inbox.send(session_id, "stored late")
    [item] = inbox.pending_sends(session_id)
    assert item.unknown_since
    emulator.advance(ms=60_000)
    await inbox.open(session_id)  # the newest messages now include it
    assert inbox.pending_sends(session_id) == []
    assert stored_operator_texts(emulator, session_id, "stored late") == 1


async def test_rows_last_messages_are_found_once_and_remembered(started, monkeypatch):
    """The list asks for the last message of every row whose preview is ours; a message found
    is not looked up or parsed again on the next refresh, one not cached yet is."""
    inbox, _ = started
    ours = [row for row in inbox.rows if row.preview_message.sender == "operator"]
    assert len(ours) >= 2
    opened = ours[0].session_id
    await inbox.open(opened, mark_read=False)  # caches its messages, the last one among them
    asked: list[list[tuple[str, int]]] = []
    look_up = inbox.store.messages_by_fingerprint

    def counting(wanted):
        wanted = list(wanted)
        asked.append(wanted)
        return look_up(wanted)

    monkeypatch.setattr(inbox.store, "messages_by_fingerprint", counting)
    first = inbox.last_messages(inbox.rows)
    assert first[opened].fingerprint == ours[0].preview_message.fingerprint
    assert ours[1].session_id not in first  # never opened: not cached
    second = inbox.last_messages(inbox.rows)
    assert second == first
    assert len(asked) == 2
    assert (opened, ours[0].preview_message.fingerprint) not in asked[1]
    assert (ours[1].session_id, ours[1].preview_message.fingerprint) in asked[1]
