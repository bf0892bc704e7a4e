"""Real processes: killed right after a write, and two writing to the same file at once."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from crisp_tui.inbox.store import Store


def run(code: str, *args: str) -> subprocess.Popen[bytes]:
    prelude = "import os, signal, sys\nfrom pathlib import Path\n"
    prelude += "from crisp_tui.inbox.store import OutboxItem, Store\n"
    prelude += "from tests.inbox.store_factories import conversation, message\n"
    return subprocess.Popen(
        [sys.executable, "-c", prelude + textwrap.dedent(code), *args],
        cwd=Path(__file__).resolve().parents[2],
        stderr=subprocess.PIPE,
    )


def test_a_draft_and_a_queued_reply_survive_kill_9(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    child = run(
        """
        store, _ = Store.open(Path(sys.argv[1]))
        store.upsert_conversations(conversation(i) for i in range(500))
        store.save_draft("session_00001", "reply", "half a sentence, then the terminal clo")
        store.enqueue(OutboxItem("session_00001", 2**62 + 1, "reply", "Refunded!", 1))
        os.kill(os.getpid(), signal.SIGKILL)
        """,
        str(path),
    )
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, stderr.decode()
    store, notice = Store.open(path)
    assert notice is None
    assert store.draft("session_00001", "reply") == "half a sentence, then the terminal clo"
    assert [(i.fingerprint, i.text, i.status) for i in store.outbox()] == [
        (2**62 + 1, "Refunded!", "queued")
    ]
    assert store.count_conversations() == 500
    store.close()


def test_two_processes_write_the_same_new_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    # Both create and migrate the file, then interleave small writes with big transactions.
    writer = """
        name = sys.argv[2]
        store, notice = Store.open(Path(sys.argv[1]))
        assert notice is None, notice
        for round in range(10):
            store.upsert_conversations(conversation(i) for i in range(1000))
            for i in range(20):
                store.save_draft(f"{name}-{round}-{i}", "reply", "text")
                store.set_value(f"{name}-{round}-{i}", "1")
            session = f"session_{round:05d}"
            store.upsert_messages(session, [message(session, i) for i in range(100)])
        store.close()
        """
    children = [run(writer, str(path), name) for name in ("a", "b")]
    for child in children:
        _, stderr = child.communicate(timeout=60)
        assert child.returncode == 0, stderr.decode()
    store, notice = Store.open(path)
    assert notice is None
    assert len(store.drafts()) == 2 * 10 * 20
    assert store.count_conversations() == 1000
    assert store.count_messages("session_00009") == 100
    assert sorted(store.search("message number 42")) == [f"session_{r:05d}" for r in range(10)]
    store.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for index in ("conversation_text", "message_text"):
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
    db.close()
