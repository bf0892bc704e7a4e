"""The local store's schema: connection settings and the list of migrations.

`PRAGMA user_version` counts the migrations applied. A migration is a tuple of statements and is
only ever appended to: never edit one that has shipped, add the next.

Search uses FTS5 external-content tables: the text lives once, in `conversations` and `messages`,
and triggers keep the indexes in step (the pattern of https://sqlite.org/fts5.html#external_content
_tables). Their rowids are INTEGER PRIMARY KEYs because VACUUM may renumber implicit rowids, which
would silently detach the index from its rows.
"""

from __future__ import annotations

import sqlite3
import time

BUSY_TIMEOUT_MS = 10_000

_TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"
_CONVERSATION_TEXT = ("nickname", "email", "subject", "segments", "last_message")


def _index_triggers(table: str, index: str, columns: tuple[str, ...]) -> tuple[str, ...]:
    """Triggers that mirror `columns` of `table` into the external-content FTS5 `index`."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {index} (rowid, {names}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {index} ({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
    return (
        f"CREATE TRIGGER {table}_indexed AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {table}_unindexed AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {table}_reindexed AFTER UPDATE ON {table} WHEN {changed} "
        f"BEGIN {delete} {insert} END",
    )


MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: cache, values, drafts, outbox, search.
    (
        """CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL UNIQUE,
            updated_at INTEGER NOT NULL,
            state TEXT NOT NULL,
            unread INTEGER NOT NULL,
            assigned TEXT,
            mentions TEXT NOT NULL,
            nickname TEXT NOT NULL,
            email TEXT NOT NULL,
            subject TEXT NOT NULL,
            segments TEXT NOT NULL,
            last_message TEXT NOT NULL,
            raw TEXT NOT NULL
        )""",
        "CREATE INDEX conversations_by_update ON conversations (updated_at)",
        "CREATE INDEX conversations_by_state ON conversations (state, updated_at)",
        """CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL,
            fingerprint INTEGER NOT NULL,
            timestamp INTEGER NOT NULL,
            text TEXT NOT NULL,
            raw TEXT NOT NULL,
            UNIQUE (session_id, fingerprint)
        )""",
        "CREATE INDEX messages_by_time ON messages (session_id, timestamp)",
        "CREATE TABLE operators (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, "
        "raw TEXT NOT NULL)",
        "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        """CREATE TABLE drafts (
            session_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (session_id, kind)
        ) WITHOUT ROWID""",
        """CREATE TABLE outbox (
            fingerprint INTEGER PRIMARY KEY,
            session_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            status TEXT NOT NULL,
            error TEXT NOT NULL
        )""",
        f"CREATE VIRTUAL TABLE conversation_text USING fts5 ({', '.join(_CONVERSATION_TEXT)}, "
        f"content = 'conversations', content_rowid = 'id', {_TOKENIZER})",
        *_index_triggers("conversations", "conversation_text", _CONVERSATION_TEXT),
        "CREATE VIRTUAL TABLE message_text USING fts5 (text, content = 'messages', "
        f"content_rowid = 'id', {_TOKENIZER})",
        *_index_triggers("messages", "message_text", ("text",)),
    ),
    # 2: replies and notes an assistant proposes (inbox/proposals.py). AUTOINCREMENT: an id is
    # never reused, so (count, newest id) changes with every add and drop.
    (
        """CREATE TABLE proposals (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at INTEGER NOT NULL
        )""",
        "CREATE INDEX proposals_by_session ON proposals (session_id, id)",
    ),
    # 3: outbox leases (who is sending an item, until when) and unknown outcomes. A "sending"
    # item from before has no lease: it counts as abandoned and is looked up, never resent blindly.
    (
        "ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE outbox ADD COLUMN unknown_since INTEGER NOT NULL DEFAULT 0",
    ),
    # 4: what views filter and count on without reading the raw JSON: the conversation's Crisp
    # inbox, and since when the visitor waits (0: nobody waits).
    (
        "ALTER TABLE conversations ADD COLUMN inbox_id TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE conversations ADD COLUMN waiting_since INTEGER NOT NULL DEFAULT 0",
        "UPDATE conversations SET "
        "inbox_id = CASE json_type(raw, '$.inbox_id') "
        "WHEN 'text' THEN json_extract(raw, '$.inbox_id') ELSE '' END, "
        "waiting_since = CASE json_type(raw, '$.waiting_since') "
        "WHEN 'integer' THEN max(json_extract(raw, '$.waiting_since'), 0) ELSE 0 END",
        "CREATE INDEX conversations_by_inbox ON conversations (inbox_id, updated_at)",
        # Covers every column the tabs' counts read: one scan of it, never the raw JSON.
        "CREATE INDEX conversations_for_views ON conversations "
        "(state, unread, assigned, inbox_id, waiting_since, mentions)",
    ),
)

# Every table the code reads; probed on open so a file that lost one counts as damaged.
TABLES = (
    "conversations",
    "messages",
    "operators",
    "kv",
    "drafts",
    "outbox",
    "conversation_text",
    "message_text",
    "proposals",
)


class NewerSchemaError(Exception):
    """The database was written by a newer crisp-tui (its schema version is ahead of ours)."""


def configure(db: sqlite3.Connection) -> None:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _switch_to_wal(db)
    # NORMAL in WAL mode: a commit survives the process being killed, not an OS crash or power cut.
    db.execute("PRAGMA synchronous = NORMAL")


def _switch_to_wal(db: sqlite3.Connection) -> None:
    """Switching a new file to WAL needs an exclusive lock, and SQLite answers "locked" at once
    (without the busy handler) while another process is doing the same: wait for it here."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise NewerSchemaError(f"schema version {version}, this crisp-tui knows {len(MIGRATIONS)}")
    return version


def migrate(db: sqlite3.Connection) -> None:
    """Bring the schema up to date, then check every table answers."""
    if _version(db) < len(MIGRATIONS):
        # IMMEDIATE takes the write lock now, so two processes opening a new file migrate in turn;
        # the version is read again under the lock.
        db.execute("BEGIN IMMEDIATE")
        try:
            for steps in MIGRATIONS[_version(db) :]:
                for statement in steps:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    for table in TABLES:
        db.execute(f"SELECT * FROM {table} LIMIT 0")
