"""Proposals in the local store: validated and cleaned on the way in, seen by other connections
(other windows and processes) through ProposalWatch, and removed exactly once."""

from __future__ import annotations

import sqlite3

import pytest

from crisp_tui.inbox import schema
from crisp_tui.inbox.proposals import ProposalError, ProposalWatch, propose
from crisp_tui.inbox.store import Store


@pytest.fixture
def path(tmp_path):
    return tmp_path / "website.sqlite3"


def test_a_proposal_is_cleaned_and_kept(path) -> None:
    with Store.open(path)[0] as store:
        made = propose(
            store,
            "session_1",
            "Hello\x1b]52;c;ZXZpbA==\x07 there\nsecond line\u202e ",
            kind="note",
            author="Claude\x1b[2J",
            now_ms=5,
        )
    with Store.open(path)[0] as store:
        (kept,) = store.proposals("session_1")
    assert kept == made
    assert (kept.text, kept.kind, kept.author, kept.created_at) == (
        "Hello there\nsecond line",
        "note",
        "Claude",
        5,
    )


@pytest.mark.parametrize(
    ("session_id", "text", "kind", "said"),
    [
        ("session_1", "  \n ", "reply", "empty"),
        ("session_1", "\x1b[31m", "reply", "empty"),
        ("session_1", "x" * 20_001, "reply", "too long"),
        ("a/b", "hi", "reply", "not a valid Crisp id"),
        ("..", "hi", "reply", "not a valid Crisp id"),
        ("session_1", "hi", "send", "reply or a note"),
    ],
)
def test_a_bad_proposal_is_one_sentence(session_id, text, kind, said) -> None:
    store = Store.in_memory()
    with store, pytest.raises(ProposalError, match=said):
        propose(store, session_id, text, kind=kind, author="x", now_ms=1)


def test_another_connection_sees_every_change_and_drops_once(path) -> None:
    app_store, _ = Store.open(path)
    other, _ = Store.open(path)  # another window, or `crisp-tui draft propose`
    with app_store, other:
        watch = ProposalWatch(app_store)
        assert not watch.changed()
        first = propose(other, "s1", "one", kind="reply", author="a", now_ms=1)
        assert watch.changed() and not watch.changed()
        assert app_store.proposal_sessions() == {"s1"}
        # Dropped and replaced between two looks: still a change (ids are never reused).
        assert other.drop_proposal(first.id)
        second = propose(other, "s1", "two", kind="reply", author="a", now_ms=2)
        assert second.id != first.id
        assert watch.changed()
        assert app_store.drop_proposal(second.id)
        assert not other.drop_proposal(second.id)  # the second window is too late
        assert other.proposals() == []


def test_a_store_from_before_proposals_is_migrated(path) -> None:
    db = sqlite3.connect(path)
    for statement in schema.MIGRATIONS[0]:
        db.execute(statement)
    db.execute("INSERT INTO drafts VALUES ('s1', 'reply', 'kept')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with Store.open(path)[0] as store:
        assert store.draft("s1", "reply") == "kept"
        propose(store, "s1", "hello", kind="reply", author="a", now_ms=1)
        assert [p.text for p in store.proposals("s1")] == ["hello"]
