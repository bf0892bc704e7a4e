"""The desktop notification rules and the title's counts (issue #16 item 4)."""

from __future__ import annotations

import pytest

from crisp_tui.inbox.alerts import AlertRules, Attention, should_notify
from crisp_tui.inbox.store import Store
from tests.inbox.store_factories import T0, conversation

ME = "op-me"
MINE = conversation(1, assigned={"user_id": ME})
MENTIONS_ME = conversation(2, assigned={"user_id": "op-other"}, mentions=[ME])
SOMEONE_ELSES = conversation(3, assigned={"user_id": "op-other"})


@pytest.mark.parametrize(
    ("notify_for", "row", "expected"),
    [
        ("all", SOMEONE_ELSES, True),
        ("all", None, True),  # a conversation not cached yet
        ("mine", MINE, True),
        ("mine", MENTIONS_ME, False),
        ("mine", None, False),
        ("mentions", MENTIONS_ME, True),
        ("mentions", MINE, False),
        ("mine_or_mentions", MINE, True),
        ("mine_or_mentions", MENTIONS_ME, True),
        ("mine_or_mentions", SOMEONE_ELSES, False),
    ],
)
def test_which_conversations_notify(notify_for, row, expected):
    session_id = row.session_id if row else "session_new"
    rules = AlertRules(notify_for=notify_for)
    got = should_notify(rules, row, session_id, me=ME, open_session=None, focused=True)
    assert got is expected


def test_mine_and_mentions_need_an_operator_id():
    for notify_for in ("mine", "mentions", "mine_or_mentions"):
        rules = AlertRules(notify_for=notify_for)
        assert not should_notify(
            rules, MINE, MINE.session_id, me=None, open_session=None, focused=True
        )


def test_quiet_only_while_that_conversation_is_open_and_the_terminal_focused():
    rules = AlertRules()
    sid = MINE.session_id

    def notify(open_session, focused, quiet=True):
        return should_notify(
            AlertRules(quiet_when_open=quiet),
            MINE,
            sid,
            me=ME,
            open_session=open_session,
            focused=focused,
        )

    assert rules.quiet_when_open
    assert not notify(sid, focused=True)
    assert notify(sid, focused=False)
    assert notify("session_other", focused=True)
    assert notify(sid, focused=True, quiet=False)


def test_attention_counts_open_unread_and_waiting_conversations():
    from crisp_tui.inbox.store import ConversationFilter

    store = Store.in_memory()
    store.upsert_conversations(
        [
            conversation(1, unread={"operator": 2}, waiting_since=T0),
            conversation(2, unread={"operator": 1}, state="pending"),
            conversation(3, waiting_since=T0),
            conversation(4, unread={"operator": 5}, waiting_since=T0, state="resolved"),
            conversation(5),
        ]
    )
    open_states = ("unresolved", "pending")
    unread = store.count_conversations(where=ConversationFilter(unread=True, states=open_states))
    waiting = store.count_conversations(where=ConversationFilter(waiting=True, states=open_states))
    assert Attention(unread, waiting) == Attention(unread=2, waiting=2)
