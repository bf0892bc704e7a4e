"""Local full-text search: what it finds, in what order, and that no input can break it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisp_tui.crisp.models import Conversation
from crisp_tui.inbox.fulltext import MAX_TERMS
from crisp_tui.inbox.store import Store
from tests.support.hostile import HostileCase, load_hostile_corpus

from .store_factories import conversation, message

# Any code point, lone surrogates and NUL included: what a terminal or a paste can produce.
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=200)
# Words FTS5 tends to read as syntax.
SYNTAX = st.sampled_from(['"', "'", "*", "^", "-", "+", ":", "(", ")", "{", "}", "NEAR", "AND"])
SYNTAX_TEXT = st.lists(st.one_of(SYNTAX, st.text(max_size=5)), max_size=30).map("".join)


@pytest.fixture
def store() -> Iterator[Store]:
    store = Store.in_memory()
    store.upsert_conversations(
        [
            conversation(
                1,
                meta={
                    "nickname": "José Álvarez",
                    "email": "jose.alvarez@acme.example",
                    "subject": "Invoice missing",
                    "segments": ["enterprise", "churn-risk"],
                },
            ),
            conversation(2, meta={"nickname": "Ann"}, last_message="Where is my parcel?"),
            conversation(3, meta={"nickname": "Bo"}),
        ]
    )
    store.upsert_messages(
        "session_00003",
        [message("session_00003", 1, "The refund for order 4299 never arrived")],
    )
    store.upsert_messages(
        "session_00002",
        [message("session_00002", 1, "order 42 is late"), message("session_00002", 2, "")],
    )
    yield store
    store.close()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("jose", ["session_00001"]),  # accents folded both ways
        ("ÁLVAREZ", ["session_00001"]),
        ("jose.alvarez@acme", ["session_00001"]),  # part of an email
        ("invoice", ["session_00001"]),  # subject
        ("churn", ["session_00001"]),  # segment
        ("parcel", ["session_00002"]),  # last message, even with no messages cached
        ("refund arrived", ["session_00003"]),  # every word, anywhere in the text
        ("refund parcel", []),
        ("ref", ["session_00003"]),  # prefixes, for search as you type
        ("order 42", ["session_00002", "session_00003"]),  # "42" exactly before "4299"
        ("", []),
        ("  \t ", []),
        ('"', []),
    ],
)
def test_search_finds(store: Store, query: str, found: list[str]) -> None:
    assert store.search(query) == found


def test_search_follows_edits_removals_and_limits(store: Store) -> None:
    store.upsert_messages("session_00003", [message("session_00003", 1, "all sorted now")])
    assert store.search("refund") == []
    assert store.search("sorted") == ["session_00003"]
    store.remove_conversation("session_00003")
    assert store.search("sorted") == []
    store.upsert_conversations(conversation(i) for i in range(10, 20))
    assert len(store.search("visitor", limit=4)) == 4


def test_the_index_stays_consistent_through_every_kind_of_change(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store, _ = Store.open(path)
    store.upsert_conversations(
        conversation(i, state="resolved" if i % 3 else "unresolved") for i in range(60)
    )
    store.upsert_conversations(
        [conversation(i, meta={"nickname": f"Renamed {i}", "segments": ["x"]}) for i in range(30)]
    )
    for i in range(10):
        session = f"session_{i:05d}"
        store.upsert_messages(session, [message(session, n) for n in range(20)])
        store.upsert_messages(session, [message(session, n, f"edited {n}") for n in range(10)])
    store.remove_conversation("session_00001")
    store.evict(max_conversations=40)
    assert store.search("renamed 2")[:1] == ["session_00002"]
    assert store.search("edited 5") == [f"session_{i:05d}" for i in (9, 8, 7, 6, 5, 4, 3, 2, 0)]
    assert store.count_conversations() == 40
    store.clear()
    store.close()
    db = sqlite3.connect(path)
    for index in ("conversation_text", "message_text"):
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
    db.close()


def test_messages_of_a_conversation_not_cached_are_not_hits(store: Store) -> None:
    store.upsert_messages("session_99999", [message("session_99999", 1, "orphan")])
    assert store.search("orphan") == []


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(query=st.one_of(ANY_TEXT, SYNTAX_TEXT))
def test_no_query_breaks_search(query: str) -> None:
    with Store.in_memory() as store:
        store.upsert_conversations([conversation(1)])
        store.upsert_messages("session_00001", [message("session_00001", 1, query)])
        assert isinstance(store.search(query), list)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(text=st.one_of(ANY_TEXT, SYNTAX_TEXT))
def test_any_text_is_found_by_itself(text: str) -> None:
    """Whatever a visitor writes, typing it into the search bar finds that conversation."""
    with Store.in_memory() as store:
        store.upsert_conversations([conversation(1)])
        store.upsert_messages("session_00001", [message("session_00001", 1, text)])
        hits = store.search(text)
    if any(c.isalnum() for c in "".join(text.split()[:MAX_TERMS])):
        assert hits == ["session_00001"]


@pytest.mark.parametrize("case", load_hostile_corpus(), ids=lambda case: case.id)
def test_hostile_content_is_stored_and_searched(case: HostileCase) -> None:
    with Store.in_memory() as store:
        original = message("session_00001", 1, case.value)
        store.upsert_conversations([conversation(1, meta={"nickname": case.value})])
        store.upsert_messages("session_00001", [original])
        assert store.messages("session_00001") == [original]
        if isinstance(case.value, str):
            store.search(case.value)
            store.save_draft("session_00001", "reply", case.value)


def test_search_conversations_reads_what_search_finds_in_one_query(tmp_path):
    store, _ = Store.open(tmp_path / "store.sqlite3")
    with store:
        store.upsert_conversations(
            Conversation.parse(
                {"session_id": f"session_{n}", "meta": {"nickname": name}, "updated_at": n}
            )
            for n, name in enumerate(["Ada Lovelace", "Grace Hopper", "Ada Byron"])
        )
        found = store.search_conversations("ada")
        assert [c.session_id for c in found] == store.search("ada")
        assert {c.display_name for c in found} == {"Ada Lovelace", "Ada Byron"}
