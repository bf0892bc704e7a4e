"""`crisp-tui cache clear` empties the cache of the configured website, keeping drafts."""

from __future__ import annotations

from crisp_tui.config import data_dir
from crisp_tui.crisp.models import Conversation
from crisp_tui.inbox.store import Store


def test_cache_clear_keeps_drafts(run_cli, monkeypatch):
    monkeypatch.setenv("CRISP_WEBSITE_ID", "site-1")
    store, _ = Store.for_website("site-1")
    with store:
        store.upsert_conversations(
            Conversation.parse({"session_id": f"session_{n}", "updated_at": n}) for n in range(3)
        )
        store.save_draft("session_1", "reply", "half-written answer")

    result = run_cli("cache", "clear", "--json")
    assert result.code == 0
    assert result.json()["cleared_conversations"] == 3
    assert run_cli("cache", "clear").out.startswith("Cleared 0 cached conversations")

    store, _ = Store.for_website("site-1")
    with store:
        assert store.count_conversations() == 0
        assert store.draft("session_1", "reply") == "half-written answer"


def test_cache_clear_needs_the_website(run_cli):
    result = run_cli("cache", "clear")
    assert result.code == 2
    assert "CRISP_WEBSITE_ID" in result.err


def test_cache_clear_that_cannot_open_the_file_says_so(run_cli, monkeypatch):
    monkeypatch.setenv("CRISP_WEBSITE_ID", "site-2")
    data_dir().parent.mkdir(parents=True, exist_ok=True)
    data_dir().write_text("a file where the data folder should be")  # nothing can open

    result = run_cli("cache", "clear", "--json")
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip()
