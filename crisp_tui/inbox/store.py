"""The local store: one SQLite database per website holding the agent's working state.

- a cache of conversations, messages and operators (server wins: an upsert replaces the row, and
  messages are de-duplicated by fingerprint), plus small values such as sync cursors;
- drafts per conversation and kind, and the outbox of confirmed replies not yet accepted;
- full-text search (FTS5) over cached message text and visitor name, email, subject, segments.

Models are stored as their `raw` JSON and parsed again on load, so the store never needs to know
every field. A model must therefore be what `.parse(raw)` gives: to change a field, change `raw`
and parse it again (`dataclasses.replace` would be lost on reload, so upserts refuse it).

Durability: WAL with synchronous=NORMAL. A write has reached the operating system when its call
returns, so it survives the process being killed (kill -9, a closed terminal); only an OS crash or
power cut can lose the last transactions. Two processes may share the file: writers take the lock
in turn, waiting up to `schema.BUSY_TIMEOUT_MS`.

Calls are synchronous and quick (a single-row write well under a millisecond); use a store from
one thread. A failing database raises StoreError; tokens are never given to the store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..crisp.models import Conversation, Message, Operator
from .fulltext import match_expression, message_text, storable
from .proposals import Proposal
from .schema import NewerSchemaError
from .store_file import connect, is_damaged, move_aside, salvage, store_path

DRAFT_KINDS = ("reply", "note")
# "unknown": Crisp never confirmed it and it did not appear within the settle window: the agent
# decides (resend or drop).
OUTBOX_STATUSES = ("queued", "sending", "sent", "failed", "cancelled", "unknown")
UNSENT = ("queued", "sending", "failed", "unknown")
_CANCELLABLE = ("queued", "failed", "unknown")  # "sending" may already have reached Crisp
_UNSENT_SQL = ", ".join(f"'{status}'" for status in UNSENT)


def _check(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class StoreError(Exception):
    """The database failed while open: locked for too long, disk full, damaged under us."""


@dataclass(frozen=True, slots=True)
class ConversationFilter:
    """Which cached conversations to read; every condition set must hold."""

    unread: bool = False  # the visitor wrote something no operator has read
    states: tuple[str, ...] | None = None
    assigned: str | None = None  # operator user_id
    unassigned: bool = False
    assigned_anyone: bool = False
    mention: str | None = None  # operator user_id
    inbox_id: str | None = None
    segment: str | None = None
    waiting: bool = False  # open, and the visitor waits for an answer

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        """A WHERE clause (or "") and its parameters."""
        condition, params = self.condition()
        return (f" WHERE {condition}" if condition != "1" else ""), params

    def condition(self) -> tuple[str, tuple[Any, ...]]:
        """The conditions as one SQL expression ("1" when there are none) and its parameters."""
        terms: list[str] = []
        params: list[Any] = []
        if self.unread:
            terms.append("unread > 0")
        if self.states is not None:
            terms.append(f"state IN ({_marks(len(self.states))})")
            params.extend(self.states)
        if self.assigned is not None:
            terms.append("assigned = ?")
            params.append(self.assigned)
        if self.unassigned:
            terms.append("assigned IS NULL")
        if self.assigned_anyone:
            terms.append("assigned IS NOT NULL")
        if self.mention is not None:  # `mentions` is a JSON list of ids: the id, quoted
            terms.append("instr(mentions, ?) > 0")
            params.append(json.dumps(self.mention))
        if self.inbox_id is not None:
            terms.append("inbox_id = ?")
            params.append(self.inbox_id)
        if self.segment is not None:
            terms.append("EXISTS (SELECT 1 FROM json_each(raw, '$.meta.segments') WHERE value = ?)")
            params.append(self.segment)
        if self.waiting:
            terms.append("waiting_since > 0 AND state != 'resolved'")
        return (" AND ".join(f"({t})" for t in terms) or "1"), tuple(params)


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A confirmed reply or note, with the fingerprint chosen before the first attempt."""

    session_id: str
    fingerprint: int
    kind: str  # "reply" or "note"
    text: str
    created_at: int  # ms
    status: str = "queued"  # one of OUTBOX_STATUSES
    error: str = ""
    owner: str = ""  # the process sending it (while "sending")
    lease_until: int = 0  # ms: the owner's claim lapses then unless renewed
    unknown_since: int = 0  # ms: an attempt's outcome became unknown then (0: none pending)

    def __post_init__(self) -> None:
        _check(self.kind, DRAFT_KINDS, "kind")
        _check(self.status, OUTBOX_STATUSES, "status")


_OUTBOX_COLUMNS = ", ".join(f.name for f in fields(OutboxItem))
# What a damaged file of any schema version still has (leases are not worth salvaging).
_SALVAGED_OUTBOX = "session_id, fingerprint, kind, text, created_at, status, error"
_ENQUEUE = (
    f"INSERT INTO outbox ({_OUTBOX_COLUMNS}) VALUES ({_marks(len(fields(OutboxItem)))}) "
    "ON CONFLICT (fingerprint) DO NOTHING"
)


def _upsert(table: str, columns: Sequence[str], key: Sequence[str]) -> str:
    """INSERT … ON CONFLICT that replaces a row only when its raw JSON changed."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({_marks(len(columns))}) "
        f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates} "
        f"WHERE {table}.raw IS NOT excluded.raw"
    )


# A copy older than the stored one never replaces it: Crisp's edge cache may serve a snapshot
# from before the agent's own action for a moment after it.
_UPSERT_CONVERSATION = (
    _upsert(
        "conversations",
        (
            "session_id",
            "updated_at",
            "state",
            "unread",
            "assigned",
            "mentions",
            "nickname",
            "email",
            "subject",
            "segments",
            "last_message",
            "inbox_id",
            "waiting_since",
            "raw",
        ),
        ("session_id",),
    )
    + " AND excluded.updated_at >= conversations.updated_at"
)
_UPSERT_MESSAGE = _upsert(
    "messages",
    ("session_id", "fingerprint", "timestamp", "text", "raw"),
    ("session_id", "fingerprint"),
)
_UPSERT_OPERATOR = _upsert("operators", ("user_id", "raw"), ("user_id",))

# Best hit per conversation first; a match in the name or email weighs more than in the subject.
_SEARCH = """
WITH hits (session_id, score) AS (
    SELECT c.session_id, bm25(conversation_text, 4.0, 4.0, 2.0, 2.0, 1.0)
    FROM conversation_text JOIN conversations AS c ON c.id = conversation_text.rowid
    WHERE conversation_text MATCH :query
    UNION ALL
    SELECT m.session_id, bm25(message_text)
    FROM message_text JOIN messages AS m ON m.id = message_text.rowid
    WHERE message_text MATCH :query
)
SELECT hits.session_id, c.raw FROM hits JOIN conversations AS c USING (session_id)
GROUP BY hits.session_id
ORDER BY min(hits.score), c.updated_at DESC
LIMIT :limit
"""


def _raw(model: Conversation | Message | Operator) -> str:
    if type(model).parse(model.raw) != model:
        raise ValueError(
            f"this {type(model).__name__} differs from its .raw, and only .raw is stored: "
            "build the changed model with .parse(changed_raw)"
        )
    return json.dumps(model.raw, separators=(",", ":"))


def _conversation_row(conversation: Conversation) -> tuple[Any, ...]:
    meta = conversation.meta
    return (
        conversation.session_id,
        conversation.updated_at,
        conversation.state,
        conversation.unread_operator,
        conversation.assigned_user_id,
        json.dumps(conversation.mentions),
        storable(meta.nickname),
        storable(meta.email),
        storable(meta.subject),
        storable(" ".join(meta.segments)),
        storable(conversation.last_message),
        conversation.inbox_id or "",
        max(conversation.waiting_since or 0, 0),
        _raw(conversation),
    )


def _forget(db: sqlite3.Connection, session_ids: Iterable[str]) -> None:
    keys = [(session_id,) for session_id in session_ids]
    db.executemany("DELETE FROM conversations WHERE session_id = ?", keys)
    db.executemany("DELETE FROM messages WHERE session_id = ?", keys)


def _drop_cache(db: sqlite3.Connection) -> None:
    """Forget every cached conversation, message and operator (the search index follows)."""
    for table in ("messages", "conversations", "operators"):
        db.execute(f"DELETE FROM {table}")


def _read_draft(db: sqlite3.Connection, session_id: str, kind: str) -> str:
    row = db.execute(
        "SELECT text FROM drafts WHERE session_id = ? AND kind = ?", (session_id, kind)
    ).fetchone()
    return row[0] if row else ""


def _write_draft(db: sqlite3.Connection, session_id: str, kind: str, text: str) -> None:
    """Store `text` (already `storable`) as the draft; empty text deletes it."""
    if not text:
        db.execute("DELETE FROM drafts WHERE session_id = ? AND kind = ?", (session_id, kind))
        return
    db.execute(
        "INSERT INTO drafts (session_id, kind, text) VALUES (?, ?, ?) "
        "ON CONFLICT (session_id, kind) DO UPDATE SET text = excluded.text",
        (session_id, kind, text),
    )


def _append_draft(db: sqlite3.Connection, session_id: str, kind: str, text: str) -> None:
    current = _read_draft(db, session_id, kind)
    joined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
    _write_draft(db, session_id, kind, storable(joined))


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(
            f"The local cache failed ({error}): close other crisp-tui windows if it repeats, "
            "or run `crisp-tui cache clear`."
        ) from error


_PROPOSAL_COLUMNS = "id, session_id, kind, text, author, created_at"


class Store:
    def __init__(self, db: sqlite3.Connection, path: Path | None) -> None:
        self._db = db
        self.path = path  # None for a store kept in memory

    # --- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> tuple[Store, str | None]:
        """Open or create the store at `path`; also a one-sentence notice when something was off.

        A damaged or unreadable file is moved aside and a fresh store created, with the drafts
        and unsent replies that could still be read copied over. When no file can be used, the
        store lives in memory for this session. Never raises for a bad file.
        """
        try:
            return cls(connect(path), path), None
        except NewerSchemaError:
            return cls._in_memory(path, "was written by a newer crisp-tui")
        except OSError as error:
            return cls._in_memory(path, f"could not be created ({error})")
        except sqlite3.Error as error:
            if not is_damaged(error):
                return cls._in_memory(path, f"could not be opened ({error})")
            problem = error
        try:
            aside = move_aside(path)
            store = cls(connect(path), path)
        except (OSError, sqlite3.Error, NewerSchemaError) as error:
            return cls._in_memory(
                path, f"was unreadable ({problem}) and could not be replaced ({error})"
            )
        recovered = store._recover(aside)
        return store, (
            f"The local store {path} was unreadable ({problem}), so it was moved to {aside} "
            f"and a fresh one started{recovered}."
        )

    @classmethod
    def in_memory(cls) -> Store:
        """A store that lives and dies with this process (tests, or when no file can be used)."""
        return cls(connect(None), None)

    @classmethod
    def _in_memory(cls, path: Path, problem: str) -> tuple[Store, str]:
        notice = f"The local store {path} {problem}, so this session keeps its cache and drafts"
        return cls.in_memory(), f"{notice} in memory only."

    @classmethod
    def for_website(cls, website_id: str) -> tuple[Store, str | None]:
        return cls.open(store_path(website_id))

    def _recover(self, aside: Path) -> str:
        """Copy the drafts and unsent replies still readable in `aside`; say how many."""
        rows = salvage(
            aside,
            {
                "drafts": "SELECT session_id, kind, text FROM drafts",
                "outbox": f"SELECT {_SALVAGED_OUTBOX} FROM outbox WHERE status IN ({_UNSENT_SQL})",
            },
        )
        if not rows["drafts"] and not rows["outbox"]:
            return ""
        with self._transaction() as db:
            db.executemany("INSERT OR IGNORE INTO drafts VALUES (?, ?, ?)", rows["drafts"])
            db.executemany(
                f"INSERT OR IGNORE INTO outbox ({_SALVAGED_OUTBOX}) VALUES ({_marks(7)})",
                rows["outbox"],
            )
        drafts, unsent = len(rows["drafts"]), len(rows["outbox"])
        return f" (recovered drafts: {drafts}, unsent replies: {unsent})"

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- plumbing -----------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE: take the write lock up front, so a busy database waits (busy_timeout)
        # instead of failing when a read transaction later tries to write.
        with _translated():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; how many rows it changed."""
        with _translated():
            return self._db.execute(sql, params).rowcount

    def _rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Any]:
        with _translated():
            return self._db.execute(sql, params).fetchall()

    def _value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._rows(sql, params)
        return rows[0][0] if rows else None

    # --- conversations ------------------------------------------------------------------------

    def upsert_conversations(self, conversations: Iterable[Conversation]) -> None:
        rows = [_conversation_row(c) for c in conversations if c.session_id]
        with self._transaction() as db:
            db.executemany(_UPSERT_CONVERSATION, rows)

    def conversations(
        self,
        *,
        limit: int = 50,
        offset: int = 0,
        where: ConversationFilter | None = None,
        longest_waiting: bool = False,
    ) -> list[Conversation]:
        """A page of cached conversations, most recently updated first (or, with
        `longest_waiting`, the longest waiting first)."""
        clause, params = where.sql() if where else ("", ())
        order = "waiting_since, " if longest_waiting else ""
        rows = self._rows(
            f"SELECT raw FROM conversations{clause} ORDER BY {order}updated_at DESC, id DESC "
            "LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [Conversation.parse(json.loads(raw)) for (raw,) in rows]

    def count_conversations(self, *, where: ConversationFilter | None = None) -> int:
        clause, params = where.sql() if where else ("", ())
        count: int = self._value(f"SELECT count(*) FROM conversations{clause}", params)
        return count

    def count_each(self, filters: Sequence[ConversationFilter]) -> list[int]:
        """How many cached conversations each filter keeps, in one pass over the cache."""
        if not filters:
            return []
        sums: list[str] = []
        params: list[Any] = []
        for where in filters:
            condition, values = where.condition()
            sums.append(f"coalesce(sum({condition}), 0)")
            params.extend(values)
        row = self._rows(f"SELECT {', '.join(sums)} FROM conversations", params)[0]
        return [int(count) for count in row]

    def conversation(self, session_id: str) -> Conversation | None:
        raw = self._value("SELECT raw FROM conversations WHERE session_id = ?", (session_id,))
        return None if raw is None else Conversation.parse(json.loads(raw))

    def remove_conversation(self, session_id: str) -> None:
        """Forget a conversation and its messages (its drafts stay)."""
        with self._transaction() as db:
            _forget(db, [session_id])

    # --- messages -----------------------------------------------------------------------------

    def upsert_messages(self, session_id: str, messages: Iterable[Message]) -> None:
        rows = [
            (session_id, m.fingerprint, m.timestamp, storable(message_text(m)), _raw(m))
            for m in messages
        ]
        with self._transaction() as db:
            db.executemany(_UPSERT_MESSAGE, rows)

    def messages(self, session_id: str, *, limit: int | None = None) -> list[Message]:
        """The newest `limit` cached messages (all for None), oldest first."""
        rows = self._rows(
            "SELECT raw FROM (SELECT raw, timestamp, id FROM messages WHERE session_id = ? "
            "ORDER BY timestamp DESC, id DESC LIMIT ?) ORDER BY timestamp, id",
            (session_id, -1 if limit is None else limit),
        )
        return [Message.parse(json.loads(raw)) for (raw,) in rows]

    def messages_by_fingerprint(self, wanted: Iterable[tuple[str, int]]) -> dict[str, Message]:
        """The cached message of each `(session_id, fingerprint)`, by session id, in one query
        (the list asks this for every row it shows); absent ones are left out."""
        pairs = json.dumps([[session_id, fingerprint] for session_id, fingerprint in wanted])
        rows = self._rows(
            "SELECT m.session_id, m.raw FROM json_each(?) AS w JOIN messages AS m "
            "ON m.session_id = json_extract(w.value, '$[0]') "
            "AND m.fingerprint = json_extract(w.value, '$[1]')",
            (pairs,),
        )
        return {session_id: Message.parse(json.loads(raw)) for session_id, raw in rows}

    def message(self, session_id: str, fingerprint: int) -> Message | None:
        return self.messages_by_fingerprint([(session_id, fingerprint)]).get(session_id)

    def messages_between(self, session_id: str, after: int, before: int) -> list[Message]:
        """Cached messages strictly between two timestamps (ms), oldest first."""
        rows = self._rows(
            "SELECT raw FROM messages WHERE session_id = ? AND timestamp > ? AND timestamp < ? "
            "ORDER BY timestamp, id",
            (session_id, after, before),
        )
        return [Message.parse(json.loads(raw)) for (raw,) in rows]

    def count_messages(self, session_id: str) -> int:
        count: int = self._value(
            "SELECT count(*) FROM messages WHERE session_id = ?", (session_id,)
        )
        return count

    def oldest_message_timestamp(self, session_id: str) -> int | None:
        """The cursor for fetching older messages: the oldest cached timestamp, if any."""
        oldest: int | None = self._value(
            "SELECT min(timestamp) FROM messages WHERE session_id = ?", (session_id,)
        )
        return oldest

    # --- operators and values -----------------------------------------------------------------

    def upsert_operators(self, operators: Iterable[Operator]) -> None:
        rows = [(o.user_id, _raw(o)) for o in operators if o.user_id]
        with self._transaction() as db:
            db.executemany(_UPSERT_OPERATOR, rows)

    def operators(self) -> list[Operator]:
        """Cached operators, in the order first seen."""
        rows = self._rows("SELECT raw FROM operators ORDER BY id")
        return [Operator.parse(json.loads(raw)) for (raw,) in rows]

    def get_value(self, key: str) -> str | None:
        value: str | None = self._value("SELECT value FROM kv WHERE key = ?", (key,))
        return value

    def set_value(self, key: str, value: str) -> None:
        self._run(
            "INSERT INTO kv (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, storable(value)),
        )

    # --- drafts -------------------------------------------------------------------------------

    def save_draft(self, session_id: str, kind: str, text: str) -> None:
        """Keep what the agent typed; empty text deletes the draft. On disk when this returns."""
        _check(kind, DRAFT_KINDS, "kind")
        with self._transaction() as db:
            _write_draft(db, session_id, kind, storable(text))

    def replace_draft(
        self, session_id: str, kind: str, expected: str, text: str
    ) -> tuple[bool, str]:
        """Save `text` only if the stored draft is still `expected` (another window may have
        changed it since this one read it). Whether it was saved, and the draft stored now:
        `text` as stored, or else the other window's text, untouched."""
        _check(kind, DRAFT_KINDS, "kind")
        with self._transaction() as db:
            current = _read_draft(db, session_id, kind)
            if current != expected:
                return False, current
            text = storable(text)
            _write_draft(db, session_id, kind, text)
            return True, text

    def append_to_draft(self, session_id: str, kind: str, text: str) -> None:
        """Add `text` as a paragraph after the draft, so neither is lost."""
        _check(kind, DRAFT_KINDS, "kind")
        with self._transaction() as db:
            _append_draft(db, session_id, kind, text)

    def move_draft(self, session_id: str, source: str, target: str) -> None:
        """Turn the `source` draft into (the end of) the `target` draft: a reply becomes a note."""
        _check(source, DRAFT_KINDS, "kind")
        _check(target, DRAFT_KINDS, "kind")
        with self._transaction() as db:
            text = _read_draft(db, session_id, source)
            if text and source != target:
                _write_draft(db, session_id, source, "")
                _append_draft(db, session_id, target, text)

    def draft(self, session_id: str, kind: str) -> str:
        with _translated():
            return _read_draft(self._db, session_id, kind)

    def drafts(self) -> dict[tuple[str, str], str]:
        rows = self._rows("SELECT session_id, kind, text FROM drafts")
        return {(session_id, kind): text for session_id, kind, text in rows}

    def delete_draft(self, session_id: str, kind: str) -> None:
        self._run("DELETE FROM drafts WHERE session_id = ? AND kind = ?", (session_id, kind))

    # --- proposals (inbox/proposals.py validates them) ----------------------------------------

    def add_proposal(
        self, session_id: str, kind: str, text: str, author: str, created_at: int
    ) -> Proposal:
        with _translated():
            cursor = self._db.execute(
                "INSERT INTO proposals (session_id, kind, text, author, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, kind, storable(text), storable(author), created_at),
            )
        assert cursor.lastrowid is not None
        return Proposal(cursor.lastrowid, session_id, kind, text, author, created_at)

    def proposals(self, session_id: str | None = None) -> list[Proposal]:
        """Proposals of one conversation (or all), oldest first."""
        where, params = ("WHERE session_id = ?", (session_id,)) if session_id else ("", ())
        rows = self._rows(f"SELECT {_PROPOSAL_COLUMNS} FROM proposals {where} ORDER BY id", params)
        return [Proposal(*row) for row in rows]

    def proposal_sessions(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT DISTINCT session_id FROM proposals")}

    def drop_proposal(self, proposal_id: int) -> bool:
        """Remove one proposal; False when it is gone already (another window took it)."""
        return self._run("DELETE FROM proposals WHERE id = ?", (proposal_id,)) == 1

    def drop_proposals(self, session_id: str) -> int:
        return self._run("DELETE FROM proposals WHERE session_id = ?", (session_id,))

    def proposals_version(self) -> tuple[int, int]:
        """Changes whenever a proposal is added or dropped, by any process."""
        count, newest = self._rows("SELECT count(*), coalesce(max(id), 0) FROM proposals")[0]
        return count, newest

    # --- outbox -------------------------------------------------------------------------------

    def enqueue(self, item: OutboxItem) -> None:
        """Add a confirmed reply; a fingerprint already in the outbox keeps its first item."""
        self._run(_ENQUEUE, astuple(replace(item, text=storable(item.text))))

    def outbox(self, *, statuses: Sequence[str] = UNSENT) -> list[OutboxItem]:
        """Outbox items with one of `statuses`, oldest first."""
        rows = self._rows(
            f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE status IN ({_marks(len(statuses))}) "
            "ORDER BY created_at, fingerprint",
            tuple(statuses),
        )
        return [OutboxItem(*row) for row in rows]

    def set_outbox_status(
        self, fingerprint: int, status: str, error: str = "", *, unknown_since: int | None = None
    ) -> None:
        """Set an item's status (and when its outcome became unknown, if given)."""
        _check(status, OUTBOX_STATUSES, "status")
        self._run(
            "UPDATE outbox SET status = ?, error = ?, unknown_since = coalesce(?, unknown_since) "
            "WHERE fingerprint = ?",
            (status, storable(error), unknown_since, fingerprint),
        )

    def claim(self, fingerprint: int, owner: str = "", lease_until: int = 0) -> bool:
        """Mark a queued or failed item as sending by `owner` until `lease_until` (ms),
        atomically: False if it was cancelled, sent or claimed meanwhile (by this process or
        another one on the same file)."""
        changed = self._run(
            "UPDATE outbox SET status = 'sending', error = '', owner = ?, lease_until = ? "
            "WHERE fingerprint = ? AND status IN ('queued', 'failed')",
            (owner, lease_until, fingerprint),
        )
        return changed == 1

    def renew_lease(self, fingerprint: int, owner: str, lease_until: int) -> bool:
        """Extend `owner`'s claim on an item it is still sending; False if it lost it."""
        changed = self._run(
            "UPDATE outbox SET lease_until = ? "
            "WHERE fingerprint = ? AND owner = ? AND status = 'sending'",
            (lease_until, fingerprint, owner),
        )
        return changed == 1

    def requeue_abandoned(self, item: OutboxItem, unknown_since: int) -> bool:
        """Queue again an item left "sending" by an owner whose lease lapsed (or that died),
        unless that owner renewed it meanwhile; its outcome is unknown from `unknown_since`."""
        changed = self._run(
            "UPDATE outbox SET status = 'queued', owner = '', lease_until = 0, unknown_since = ? "
            "WHERE fingerprint = ? AND owner = ? AND lease_until = ? AND status = 'sending'",
            (unknown_since, item.fingerprint, item.owner, item.lease_until),
        )
        return changed == 1

    def resend(self, fingerprint: int) -> bool:
        """The agent chose to send again an item whose outcome stayed unknown."""
        changed = self._run(
            "UPDATE outbox SET status = 'queued', error = '', unknown_since = 0 "
            "WHERE fingerprint = ? AND status = 'unknown'",
            (fingerprint,),
        )
        return changed == 1

    def cancel(self, fingerprint: int) -> bool:
        """Cancel (drop) a queued, failed or unknown item; False once it is sending or sent."""
        changed = self._run(
            "UPDATE outbox SET status = 'cancelled', error = '' WHERE fingerprint = ? "
            f"AND status IN ({_marks(len(_CANCELLABLE))})",
            (fingerprint, *_CANCELLABLE),
        )
        return changed == 1

    def purge_outbox(self) -> int:
        """Forget sent and cancelled items; how many."""
        return self._run("DELETE FROM outbox WHERE status IN ('sent', 'cancelled')")

    # --- search, size, clearing ---------------------------------------------------------------

    def search(self, text: str, *, limit: int = 50) -> list[str]:
        """Session ids of cached conversations matching every word of `text` (as prefixes) in
        their messages or visitor name, email, subject, segments, last message; best first.
        Any text is safe: it is never parsed as FTS5 syntax."""
        return [session_id for session_id, _ in self._search(text, limit)]

    def search_conversations(self, text: str, *, limit: int = 50) -> list[Conversation]:
        """The conversations `search` finds, read in the same query."""
        return [Conversation.parse(json.loads(raw)) for _, raw in self._search(text, limit)]

    def _search(self, text: str, limit: int) -> list[tuple[str, str]]:
        query = match_expression(text)
        if query is None:
            return []
        return self._rows(_SEARCH, {"query": query, "limit": limit})

    def evict(self, *, max_conversations: int, at_most: int | None = None) -> int:
        """Forget the least recently updated resolved conversations (and their messages) until
        at most `max_conversations` remain, or no resolved one is left, or `at_most` went (one
        short transaction: call again for the rest); how many went."""
        with self._transaction() as db:
            excess = db.execute("SELECT count(*) FROM conversations").fetchone()[0]
            excess -= max_conversations
            if at_most is not None:
                excess = min(excess, at_most)
            if excess <= 0:
                return 0
            rows = db.execute(
                "SELECT session_id FROM conversations WHERE state = 'resolved' "
                "ORDER BY updated_at, id LIMIT ?",
                (excess,),
            ).fetchall()
            _forget(db, (session_id for (session_id,) in rows))
        return len(rows)

    def clear(self) -> None:
        """Empty the cache (conversations, messages, operators, values such as sync cursors)
        and shrink the file. Drafts and the outbox are the agent's work, not cache: they stay."""
        with self._transaction() as db:
            _drop_cache(db)
            db.execute("DELETE FROM kv")
        self._run("VACUUM")

    def start_over(self) -> int:
        """Forget the cache of a Crisp whose data was made anew (the demo's emulator, built
        afresh at every start), keeping what the agent wrote: drafts, proposals, the sort and
        the last open conversation. Replies not sent (queued, failed, outcome unknown) were
        written for the old data: their text goes back to its draft, after any newer one, rather
        than out unseen; one being sent stays with the outbox. How many went back."""
        with self._transaction() as db:
            _drop_cache(db)
            unsent = db.execute(
                "SELECT fingerprint, session_id, kind, text FROM outbox "
                f"WHERE status IN ({_marks(len(_CANCELLABLE))}) ORDER BY created_at",
                _CANCELLABLE,
            ).fetchall()
            for _, session_id, kind, text in unsent:
                _append_draft(db, session_id, kind, text)
            db.executemany("DELETE FROM outbox WHERE fingerprint = ?", [(f,) for f, *_ in unsent])
        return len(unsent)
