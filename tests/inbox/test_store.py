"""The local store: cache, values, drafts, outbox, eviction and clearing."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisp_tui.config import data_dir
from crisp_tui.crisp.models import Operator
from crisp_tui.inbox.schema import MIGRATIONS
from crisp_tui.inbox.store import ConversationFilter, OutboxItem, Store

from .store_factories import T0, conversation, message


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    store, notice = Store.open(path)
    assert notice is None
    yield store
    store.close()


def ids(conversations: list) -> list[str]:
    return [c.session_id for c in conversations]


# --- opening ------------------------------------------------------------------------------------


def test_a_new_store_is_a_private_wal_database_at_the_latest_schema(
    store: Store, path: Path
) -> None:
    assert store.path == path
    assert path.stat().st_mode & 0o777 == 0o600
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_reopening_keeps_everything(store: Store, path: Path) -> None:
    store.upsert_conversations([conversation(1)])
    store.save_draft("session_00001", "reply", "Hi")
    store.close()
    again, notice = Store.open(path)
    assert notice is None
    assert ids(again.conversations()) == ["session_00001"]
    assert again.draft("session_00001", "reply") == "Hi"
    again.close()


def test_for_website_lives_in_the_data_dir_under_a_safe_name() -> None:
    store, notice = Store.for_website("8c842203-7ed8-4e29-a608-7cf78a7d2fcc")
    assert notice is None
    assert store.path == data_dir() / "8c842203-7ed8-4e29-a608-7cf78a7d2fcc.sqlite3"
    store.close()
    odd, _ = Store.for_website("../../etc/passwd")
    other, _ = Store.for_website("__.._etc_passwd")
    assert odd.path is not None and other.path is not None
    assert odd.path.parent == data_dir() and odd.path != other.path
    odd.close()
    other.close()


# --- conversations ------------------------------------------------------------------------------


def test_conversations_round_trip_with_their_raw_json(store: Store) -> None:
    original = conversation(7, topic="Billing", unknown_future_key={"kept": [1, 2]})
    store.upsert_conversations([original])
    loaded = store.conversation("session_00007")
    assert loaded == original
    assert loaded is not None and loaded.raw == original.raw
    assert store.conversation("missing") is None


def test_a_newer_copy_replaces_the_row(store: Store) -> None:
    store.upsert_conversations([conversation(1, state="unresolved")])
    store.upsert_conversations([conversation(1, state="resolved", updated_at=T0 + 5000)])
    loaded = store.conversation("session_00001")
    assert loaded is not None and loaded.state == "resolved"
    assert store.count_conversations() == 1


def test_an_older_copy_never_replaces_the_row(store: Store) -> None:
    # Crisp's edge cache can serve a copy from before the agent's own action (a stale read).
    store.upsert_conversations([conversation(1, state="resolved", updated_at=T0 + 5000)])
    store.upsert_conversations([conversation(1, state="unresolved")])
    loaded = store.conversation("session_00001")
    assert loaded is not None and loaded.state == "resolved"


def test_a_model_changed_outside_its_raw_is_refused(store: Store) -> None:
    changed = dataclasses.replace(conversation(1), state="resolved")
    with pytest.raises(ValueError, match=r"\.parse"):
        store.upsert_conversations([changed])
    assert store.count_conversations() == 0


def test_pages_are_newest_first(store: Store) -> None:
    store.upsert_conversations(conversation(i) for i in range(120))
    first = store.conversations(limit=50)
    assert ids(first)[:2] == ["session_00119", "session_00118"]
    second = store.conversations(limit=50, offset=50)
    rest = store.conversations(limit=50, offset=100)
    assert len(rest) == 20
    assert ids(first + second + rest) == [f"session_{i:05d}" for i in reversed(range(120))]


def test_filters_read_the_cached_inbox_offline(store: Store) -> None:
    store.upsert_conversations(
        [
            conversation(1, unread={"operator": 2}),
            conversation(2, state="resolved"),
            conversation(3, state="pending", assigned={"user_id": "me"}),
            conversation(4, assigned={"user_id": "someone"}, mentions=["me", "other"]),
            conversation(5, unread={"operator": 1}, assigned={"user_id": "me"}),
        ]
    )

    def matching(**conditions: object) -> list[str]:
        where = ConversationFilter(**conditions)  # type: ignore[arg-type]
        found = ids(store.conversations(where=where))
        assert store.count_conversations(where=where) == len(found)
        return found

    assert matching() == [f"session_0000{i}" for i in (5, 4, 3, 2, 1)]
    assert matching(unread=True) == ["session_00005", "session_00001"]
    assert matching(states=("unresolved", "pending")) == [
        "session_00005",
        "session_00004",
        "session_00003",
        "session_00001",
    ]
    assert matching(states=()) == []
    assert matching(assigned="me") == ["session_00005", "session_00003"]
    assert matching(unassigned=True) == ["session_00002", "session_00001"]
    assert matching(mention="me") == ["session_00004"]
    assert matching(mention="m") == []
    assert matching(unread=True, assigned="me") == ["session_00005"]


def test_removing_a_conversation_drops_its_messages_but_not_its_drafts(store: Store) -> None:
    store.upsert_conversations([conversation(1), conversation(2)])
    store.upsert_messages("session_00001", [message("session_00001", i) for i in range(3)])
    store.upsert_messages("session_00002", [message("session_00002", 1)])
    store.save_draft("session_00001", "note", "remember")
    store.remove_conversation("session_00001")
    assert ids(store.conversations()) == ["session_00002"]
    assert store.messages("session_00001") == []
    assert store.count_messages("session_00002") == 1
    assert store.draft("session_00001", "note") == "remember"


# --- messages -----------------------------------------------------------------------------------


def test_messages_are_deduplicated_by_fingerprint_and_read_oldest_first(store: Store) -> None:
    session = "session_00001"
    store.upsert_messages(session, [message(session, i) for i in range(10, 20)])
    store.upsert_messages(session, [message(session, i) for i in range(5, 15)])  # overlaps
    loaded = store.messages(session)
    assert [m.timestamp - T0 for m in loaded] == list(range(5, 20))
    assert [m.fingerprint for m in loaded] == [2**62 + i for i in range(5, 20)]
    assert store.count_messages(session) == 15
    assert store.oldest_message_timestamp(session) == T0 + 5
    assert store.oldest_message_timestamp("other") is None


def test_messages_with_a_limit_are_the_newest_ones_still_oldest_first(store: Store) -> None:
    session = "session_00001"
    store.upsert_messages(session, [message(session, i) for i in range(100)])
    assert [m.timestamp - T0 for m in store.messages(session, limit=3)] == [97, 98, 99]
    assert store.messages("session_00002", limit=3) == []


def test_an_edited_message_replaces_the_cached_one(store: Store) -> None:
    session = "session_00001"
    store.upsert_messages(session, [message(session, 1, "tpyo")])
    store.upsert_messages(session, [message(session, 1, "typo", edited=True)])
    [loaded] = store.messages(session)
    assert loaded.content == "typo" and loaded.edited


def test_every_message_type_round_trips(store: Store) -> None:
    session = "session_00001"
    contents = [
        ("file", {"name": "invoice.pdf", "url": "https://x.example/i.pdf", "type": "app/pdf"}),
        ("picker", {"id": "p", "text": "Pick", "choices": [{"value": "a", "label": "A"}]}),
        ("carousel", {"text": "See", "targets": []}),
        ("hologram", {"future": True}),
        ("note", "private"),
    ]
    originals = [
        message(session, i, content, type=kind) for i, (kind, content) in enumerate(contents)
    ]
    store.upsert_messages(session, originals)
    assert store.messages(session) == originals


# --- operators and values -----------------------------------------------------------------------


def test_operators_are_upserted_by_user_id(store: Store) -> None:
    def operator(user_id: str, first_name: str) -> Operator:
        return Operator.parse(
            {"type": "operator", "details": {"user_id": user_id, "first_name": first_name}}
        )

    store.upsert_operators([operator("u1", "Ann"), operator("u2", "Bob")])
    store.upsert_operators([operator("u1", "Anne")])
    assert [(o.user_id, o.first_name) for o in store.operators()] == [("u1", "Anne"), ("u2", "Bob")]


def test_values(store: Store) -> None:
    assert store.get_value("cursor") is None
    store.set_value("cursor", "1")
    store.set_value("cursor", "2")
    assert store.get_value("cursor") == "2"


# --- drafts -------------------------------------------------------------------------------------


def test_drafts_per_conversation_and_kind(store: Store) -> None:
    store.save_draft("s1", "reply", "Dear customer")
    store.save_draft("s1", "note", "VIP")
    store.save_draft("s2", "reply", "Hello")
    store.save_draft("s2", "reply", "Hello again")
    assert store.draft("s1", "reply") == "Dear customer"
    assert store.draft("s3", "reply") == ""
    assert store.drafts() == {
        ("s1", "reply"): "Dear customer",
        ("s1", "note"): "VIP",
        ("s2", "reply"): "Hello again",
    }
    store.save_draft("s1", "reply", "")
    store.delete_draft("s2", "reply")
    assert store.drafts() == {("s1", "note"): "VIP"}


def test_a_draft_kind_is_reply_or_note(store: Store) -> None:
    with pytest.raises(ValueError, match="kind"):
        store.save_draft("s1", "email", "x")


def test_text_that_is_not_valid_unicode_is_still_kept(store: Store) -> None:
    store.save_draft("s1", "reply", "half an emoji \ud83d, then the rest")
    assert store.draft("s1", "reply") == "half an emoji ?, then the rest"


# --- outbox -------------------------------------------------------------------------------------


def item(fingerprint: int, status: str = "queued", created_at: int = T0) -> OutboxItem:
    return OutboxItem("s1", fingerprint, "reply", f"reply {fingerprint}", created_at, status)


def test_the_outbox_keeps_items_oldest_first(store: Store) -> None:
    store.enqueue(item(2**63 - 1, created_at=T0 + 2))
    store.enqueue(item(-(2**63), created_at=T0 + 1))
    store.enqueue(item(5, created_at=T0 + 3))
    assert [i.fingerprint for i in store.outbox()] == [-(2**63), 2**63 - 1, 5]
    assert store.outbox()[0] == item(-(2**63), created_at=T0 + 1)


def test_enqueueing_a_fingerprint_twice_keeps_the_first(store: Store) -> None:
    store.enqueue(item(1))
    store.enqueue(dataclasses.replace(item(1), text="other"))
    assert [i.text for i in store.outbox()] == ["reply 1"]


def test_outbox_statuses(store: Store) -> None:
    for fingerprint in (1, 2, 3):
        store.enqueue(item(fingerprint))
    store.set_outbox_status(1, "sending")
    store.set_outbox_status(2, "failed", "network down")
    store.set_outbox_status(3, "sent")
    assert [(i.fingerprint, i.status, i.error) for i in store.outbox()] == [
        (1, "sending", ""),
        (2, "failed", "network down"),
    ]
    assert [i.fingerprint for i in store.outbox(statuses=("sent",))] == [3]
    with pytest.raises(ValueError, match="status"):
        store.set_outbox_status(1, "lost")
    with pytest.raises(ValueError, match="status"):
        item(4, status="lost")


def test_only_items_not_yet_sending_can_be_cancelled_or_claimed(store: Store) -> None:
    for fingerprint, status in ((1, "queued"), (2, "failed"), (3, "sending"), (4, "sent")):
        store.enqueue(item(fingerprint, status))
    assert [store.cancel(f) for f in (1, 2, 3, 4, 99)] == [True, True, False, False, False]
    assert store.cancel(1) is False  # already cancelled
    store.enqueue(item(5))
    assert store.claim(5) is True
    assert store.claim(5) is False  # another sender got there first
    assert store.cancel(5) is False
    assert {i.fingerprint: i.status for i in store.outbox(statuses=("cancelled", "sending"))} == {
        1: "cancelled",
        2: "cancelled",
        3: "sending",
        5: "sending",
    }
    assert store.purge_outbox() == 3  # 1, 2 cancelled and 4 sent
    assert [i.fingerprint for i in store.outbox()] == [3, 5]


def test_a_claim_is_a_lease_only_its_owner_renews_and_a_lapsed_one_is_requeued(
    store: Store,
) -> None:
    store.enqueue(item(6))
    assert store.claim(6, "host:1:a", lease_until=T0 + 30_000)
    assert not store.claim(6, "host:2:b", lease_until=T0 + 30_000)  # taken
    assert not store.renew_lease(6, "host:2:b", T0 + 60_000)  # not its lease
    assert store.renew_lease(6, "host:1:a", T0 + 60_000)
    [claimed] = store.outbox(statuses=("sending",))
    assert (claimed.owner, claimed.lease_until) == ("host:1:a", T0 + 60_000)
    stale = dataclasses.replace(claimed, lease_until=T0 + 30_000)
    assert not store.requeue_abandoned(stale, unknown_since=T0)  # renewed meanwhile: kept
    assert store.requeue_abandoned(claimed, unknown_since=T0 + 70_000)
    [requeued] = store.outbox()
    assert (requeued.status, requeued.owner, requeued.unknown_since) == ("queued", "", T0 + 70_000)


def test_an_unknown_outcome_is_resent_or_dropped_only_by_decision(store: Store) -> None:
    store.enqueue(item(8))
    assert not store.resend(8)  # only an item of unknown outcome
    store.set_outbox_status(8, "unknown", "never confirmed", unknown_since=T0)
    assert store.resend(8)
    [again] = store.outbox()
    assert (again.status, again.unknown_since) == ("queued", 0)
    store.set_outbox_status(8, "unknown", "never confirmed", unknown_since=T0)
    assert store.cancel(8)


# --- eviction and clearing ----------------------------------------------------------------------


def test_eviction_drops_the_oldest_resolved_conversations_first(store: Store) -> None:
    store.upsert_conversations(
        conversation(i, state="resolved" if i % 2 else "unresolved") for i in range(10)
    )
    store.upsert_messages("session_00001", [message("session_00001", 1)])
    assert store.evict(max_conversations=20) == 0
    assert store.evict(max_conversations=8) == 2
    assert ids(store.conversations(where=ConversationFilter(states=("resolved",)))) == [
        "session_00009",
        "session_00007",
        "session_00005",
    ]
    assert store.messages("session_00001") == []
    # Open conversations are never evicted, even above the cap.
    assert store.evict(max_conversations=0) == 3
    assert store.count_conversations() == 5


def test_clear_empties_the_cache_but_keeps_the_agents_work(store: Store, path: Path) -> None:
    store.upsert_conversations(conversation(i) for i in range(50))
    store.upsert_messages("session_00001", [message("session_00001", i) for i in range(50)])
    store.upsert_operators([Operator.parse({"details": {"user_id": "u1"}})])
    store.set_value("cursor", "1")
    store.save_draft("s1", "reply", "keep me")
    store.enqueue(item(1))
    store.clear()
    assert store.count_conversations() == 0
    assert store.messages("session_00001") == []
    assert store.operators() == []
    assert store.get_value("cursor") is None
    assert store.search("message") == []
    assert store.draft("s1", "reply") == "keep me"
    assert [i.fingerprint for i in store.outbox()] == [1]


def test_start_over_forgets_the_cache_and_returns_unsent_replies_to_their_drafts(
    store: Store,
) -> None:
    store.upsert_conversations(conversation(i) for i in range(5))
    store.upsert_messages("session_00001", [message("session_00001", i) for i in range(5)])
    store.upsert_operators([Operator.parse({"details": {"user_id": "u1"}})])
    store.set_value("sort", "waiting")
    store.save_draft("s1", "reply", "newer text")
    statuses = ("queued", "failed", "unknown", "sending", "sent")
    for fingerprint, status in enumerate(statuses):
        store.enqueue(item(fingerprint, created_at=T0 + fingerprint))
        store.set_outbox_status(fingerprint, status)
    assert store.start_over() == 3
    assert store.count_conversations() == 0
    assert store.messages("session_00001") == []
    assert store.operators() == []
    assert store.search("message") == []
    assert store.get_value("sort") == "waiting"
    assert store.draft("s1", "reply") == "newer text\n\nreply 0\n\nreply 1\n\nreply 2"
    assert [i.status for i in store.outbox(statuses=statuses)] == ["sending", "sent"]


# --- secrets ------------------------------------------------------------------------------------


def test_credentials_never_reach_the_file(
    store: Store, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentinel = "tok-SENTINEL-7f3a9c"
    monkeypatch.setenv("CRISP_TOKEN_ID", sentinel)
    monkeypatch.setenv("CRISP_TOKEN_KEY", sentinel)
    from crisp_tui.config import load_settings

    settings = load_settings()
    assert settings.token_key == sentinel
    # Every write the store has, with realistic data.
    store.upsert_conversations(conversation(i) for i in range(20))
    store.upsert_messages("session_00001", [message("session_00001", i) for i in range(20)])
    store.upsert_operators([Operator.parse({"details": {"user_id": "u1"}})])
    store.set_value("website", settings.website_id)
    store.save_draft("session_00001", "reply", "draft")
    store.enqueue(item(1))
    store.search("visitor")

    def files() -> list[Path]:
        return list(path.parent.glob(f"{path.name}*"))

    assert len(files()) == 3  # database, -wal, -shm: the WAL holds the recent writes
    for file in files():
        assert sentinel.encode() not in file.read_bytes(), file
    store.close()
    for file in files():
        assert sentinel.encode() not in file.read_bytes(), file
