"""A damaged, foreign, newer or busy database never crashes the store nor loses a good file."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from crisp_tui.inbox import schema
from crisp_tui.inbox.store import OutboxItem, Store, StoreError

from .store_factories import T0, conversation


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


def moved_aside(path: Path) -> list[Path]:
    """The damaged files moved aside (without their -wal and -shm companions)."""
    found = path.parent.glob(f"{path.stem}.corrupt-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


def assert_works(store: Store) -> None:
    store.upsert_conversations([conversation(1)])
    store.save_draft("session_00001", "reply", "fresh")
    assert [c.session_id for c in store.conversations()] == ["session_00001"]
    assert store.search("visitor") == ["session_00001"]


def test_a_garbage_file_is_moved_aside_and_replaced(path: Path) -> None:
    garbage = b"this is not a database\x00\xff" * 500
    path.write_bytes(garbage)
    Path(f"{path}-wal").write_bytes(b"stale log")  # must not be replayed into the new file
    store, notice = Store.open(path)
    [aside] = moved_aside(path)
    assert notice is not None and str(path) in notice and str(aside) in notice
    assert "not a database" in notice
    assert aside.read_bytes() == garbage
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.read_bytes() != b"stale log"
    assert store.path == path
    assert_works(store)
    store.close()


def test_a_file_damaged_after_its_header_is_moved_aside(path: Path) -> None:
    store, _ = Store.open(path)
    store.upsert_conversations(conversation(i) for i in range(200))
    store.close()
    with path.open("r+b") as handle:  # keep the 100-byte header, wreck the schema page
        handle.seek(100)
        handle.write(b"\xa5" * 8000)
    store, notice = Store.open(path)
    assert notice is not None and len(moved_aside(path)) == 1
    assert store.count_conversations() == 0
    assert_works(store)
    store.close()


def test_a_directory_in_the_way_is_moved_aside(path: Path) -> None:
    # Tests run as root, where chmod 000 does not stop reading: a directory cannot be opened.
    path.mkdir()
    store, notice = Store.open(path)
    [aside] = moved_aside(path)
    assert notice is not None and aside.is_dir()
    assert_works(store)
    store.close()


def test_a_database_missing_a_table_is_rebuilt_keeping_drafts_and_unsent_replies(
    path: Path,
) -> None:
    store, _ = Store.open(path)
    store.save_draft("s1", "reply", "half written")
    store.enqueue(OutboxItem("s1", 42, "reply", "queued while offline", T0))
    store.enqueue(OutboxItem("s1", 43, "reply", "already delivered", T0, status="sent"))
    store.close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE messages")
    db.close()
    store, notice = Store.open(path)
    assert notice is not None and "drafts: 1, unsent replies: 1" in notice
    assert store.draft("s1", "reply") == "half written"
    assert [(i.fingerprint, i.text) for i in store.outbox()] == [(42, "queued while offline")]
    assert_works(store)
    store.close()


def test_a_foreign_sqlite_file_with_a_clashing_table_is_moved_aside(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE conversations (anything)")
    db.commit()
    db.close()
    store, notice = Store.open(path)
    assert notice is not None and len(moved_aside(path)) == 1
    assert_works(store)
    store.close()


def test_a_newer_schema_is_left_alone_and_the_session_runs_in_memory(path: Path) -> None:
    store, _ = Store.open(path)
    store.save_draft("s1", "reply", "written by tomorrow's crisp-tui")
    store.close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
    db.close()
    before = path.read_bytes()
    store, notice = Store.open(path)
    assert notice is not None and "newer crisp-tui" in notice and "memory" in notice
    assert store.path is None and moved_aside(path) == []
    assert_works(store)
    store.close()
    assert path.read_bytes() == before


def test_a_database_busy_while_opening_is_not_mistaken_for_damage(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a fresh file: opening has to wait to migrate it
    try:
        store, notice = Store.open(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert notice is not None and "locked" in notice and "memory" in notice
    assert store.path is None and moved_aside(path) == []
    assert_works(store)
    store.close()
    store, notice = Store.open(path)
    assert notice is None
    store.close()


def test_a_writer_waits_for_another_connection_instead_of_failing(path: Path) -> None:
    store, _ = Store.open(path)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO kv VALUES ('holder', 'was here')")
    release = threading.Timer(0.2, lambda: holder.execute("COMMIT"))
    release.start()
    store.save_draft("s1", "reply", "typed while the other process wrote")
    release.join()
    holder.close()
    assert store.get_value("holder") == "was here"
    assert store.draft("s1", "reply") == "typed while the other process wrote"
    store.close()


def test_a_lock_held_too_long_raises_store_error(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    store, _ = Store.open(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match="locked"):
        store.upsert_conversations([conversation(1)])
    holder.execute("ROLLBACK")
    holder.close()
    store.upsert_conversations([conversation(1)])  # the failed transaction was rolled back
    assert store.count_conversations() == 1
    store.close()


def test_an_unusable_directory_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    store, notice = Store.open(blocker / "store.sqlite3")
    assert notice is not None and "memory" in notice
    assert store.path is None
    assert_works(store)
    store.close()


def test_an_older_file_is_migrated_in_place_keeping_its_data(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, _ = Store.open(path)
    store.save_draft("s1", "reply", "from the previous version")
    store.close()
    next_version = (*schema.MIGRATIONS, ("CREATE TABLE added_later (x)",))
    monkeypatch.setattr(schema, "MIGRATIONS", next_version)
    store, notice = Store.open(path)
    assert notice is None
    assert store.draft("s1", "reply") == "from the previous version"
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(next_version)
    assert db.execute("SELECT count(*) FROM added_later").fetchone() == (0,)
    db.close()


def test_a_dangling_symlink_as_the_store_creates_its_target_private(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / "store.sqlite3"
    target.parent.mkdir()
    link = tmp_path / "data" / "store.sqlite3"
    link.parent.mkdir()
    link.symlink_to(target)
    store, notice = Store.open(link)
    with store:
        assert_works(store)
    assert notice is None
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert link.is_symlink()
