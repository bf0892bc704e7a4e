"""The store's file: created private, opened and migrated, moved aside when damaged."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..config import data_dir
from .schema import configure, migrate

# Errors that say nothing about the file itself: another process holds the lock, the disk is full,
# memory ran out. Moving the file aside would not help, and would throw away a good database.
_TRANSIENT = ("locked", "disk is full", "out of memory")


def store_path(website_id: str, *, demo: bool = False) -> Path:
    """Where the store of a website lives. The demo's is apart: its in-process emulator has the
    same website id as `crisp-tui emulator`, whose sessions must not show the demo's history."""
    folder = data_dir() / "demo" if demo else data_dir()
    return folder / file_name(website_id)


def file_name(website_id: str) -> str:
    """A file name for a website's store; ids that are not plain get a hash to stay distinct."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", website_id)
    if safe != website_id or not safe:
        digest = hashlib.sha256(website_id.encode("utf-8", "surrogatepass")).hexdigest()
        safe = f"{safe}-{digest[:12]}"
    return f"{safe}.sqlite3"


def connect(path: Path | None) -> sqlite3.Connection:
    """An open, configured, migrated connection to `path` (in memory for None).

    Autocommit (isolation_level=None): the store opens its own transactions.
    """
    if path is not None:
        _create_private(path)
    db = sqlite3.connect(":memory:" if path is None else path, isolation_level=None)
    try:
        configure(db)
        migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _create_private(path: Path) -> None:
    """Create the directory and an empty file readable by the owner only (it holds customer data).

    SQLite gives the -wal and -shm files the database file's permissions. When `path` is a
    symlink to a file not there yet, that file is created: SQLite would make it 0644.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = path.resolve()
    if not target.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def is_damaged(error: sqlite3.Error) -> bool:
    return not any(word in str(error) for word in _TRANSIENT)


def move_aside(path: Path) -> Path:
    """Rename `path` (and its -wal and -shm files) to `<stem>.corrupt-<timestamp>`; return it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_suffix(f".corrupt-{stamp}")
    copy = 1
    while aside.exists():
        copy += 1
        aside = path.with_suffix(f".corrupt-{stamp}-{copy}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").rename(f"{aside}{suffix}")
    return aside


def salvage(path: Path, queries: dict[str, str]) -> dict[str, list[Any]]:
    """The rows each query returns from the damaged database at `path`, as far as it reads."""
    rows: dict[str, list[Any]] = {name: [] for name in queries}
    try:
        old = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return rows
    try:
        for name, sql in queries.items():
            with contextlib.suppress(sqlite3.Error):
                rows[name] = old.execute(sql).fetchall()
    finally:
        old.close()
    return rows
