"""The inbox over loopback HTTP where Crisp differs from what client and emulator once agreed on:
ties on a batch boundary, `timestamp_after`, local mention filtering, stale reads after a write."""

from __future__ import annotations

import pytest

from crisp_tui.config import Settings
from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.inbox.inbox import build_inbox
from crisp_tui.inbox.views import View
from tests.support.emulator import longest_session, tie_on_a_batch_boundary, visitor_writes


@pytest.fixture
def emulator(emulator_server):
    return emulator_server.emulator


@pytest.fixture
async def inbox(emulator_server, tmp_path):
    config = emulator_server.settings
    settings = Settings(
        website_id=config.website_id,
        token_id=config.token_id,
        token_key=config.token_key,
        api_url=emulator_server.base_url,
        operator_id=emulator_server.emulator.world.operators[0]["details"]["user_id"],
    )
    inbox, notice = build_inbox(
        settings, store_path=tmp_path / "store.sqlite3", retry=RetryPolicy(3, 0, 0)
    )
    assert notice is None
    await inbox.start()
    yield inbox
    await inbox.stop()


async def test_older_messages_keep_a_message_tied_on_the_batch_boundary(inbox, emulator):
    session_id = longest_session(emulator)
    _, tied = tie_on_a_batch_boundary(emulator, session_id)
    await inbox.open(session_id)
    await inbox.load_older(session_id)
    shown = {m.fingerprint for m in inbox.messages(session_id)}
    assert set(tied) <= shown


async def test_the_open_conversation_asks_only_for_what_is_new(inbox, emulator):
    session_id = inbox.rows[0].session_id
    await inbox.open(session_id)
    emulator.stats.reset()
    visitor_writes(emulator, session_id, "still there?", fingerprint=2**44 + 9)
    await inbox.reconcile()
    assert "still there?" in [m.content for m in inbox.messages(session_id)]
    assert emulator.stats.to_dict()["query_params"].get("timestamp_after") == 1


async def test_mentions_are_filtered_locally_not_by_filter_mention(inbox, emulator):
    me = inbox.settings.operator_id
    mentioned = {
        sid for sid, c in emulator.world.conversations.items() if me in (c.get("mentions") or [])
    }
    assert mentioned  # the emulator's own filter_mention answers nothing for a plugin token
    await inbox.set_view(View.builtin("mentions"))
    while inbox.has_more_pages:
        await inbox.load_more()
    assert {row.session_id for row in inbox.rows} == mentioned


@pytest.mark.parametrize(
    ("action", "check"),
    [
        (lambda i, s: i.set_state(s, "resolved"), lambda row: row.state == "resolved"),
        (lambda i, s: i.assign(s, None), lambda row: row.assigned_user_id is None),
    ],
    ids=["resolve", "unassign"],
)
async def test_a_stale_read_after_an_action_does_not_undo_it(inbox, emulator, action, check):
    await inbox.set_view(View.builtin("all"))
    row = next(r for r in inbox.rows if r.state != "resolved" and r.assigned_user_id)
    emulator.set_faults(stale_reads=3)
    await action(inbox, row.session_id)
    await inbox.reconcile()  # answered from the edge cache: the copy from before the action
    assert emulator.edge.hits
    shown = inbox.conversation(row.session_id)
    assert shown is not None and check(shown)
    stored = inbox.store.conversation(row.session_id)
    assert stored is not None and check(stored)
