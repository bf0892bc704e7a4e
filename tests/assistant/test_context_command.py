"""`crisp-tui context S --json`: the conversation, the visitor's profile and recent messages as
one object for prompting any tool; reads only, and warms the app's local cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crisp_tui.config import data_dir
from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.store import Store
from crisp_tui.inbox.store_file import file_name
from tests.support.emulator import write_requests


def test_context_is_one_object_with_marked_customer_content(
    crisp_env: EmulatorServer, run_cli: Callable[..., Any]
) -> None:
    world = crisp_env.emulator.world
    session_id = max(world.conversations, key=lambda s: len(world.messages[s]))
    result = run_cli("context", session_id, "--messages", "3", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert set(data) == {
        "notice",
        "source",
        "conversation",
        "profile",
        "messages",
        "older_messages_before_ms",
    }
    assert data["conversation"]["session_id"] == session_id
    assert "name" in data["profile"]["untrusted_customer_content"]
    assert len(data["messages"]) == 3 and data["older_messages_before_ms"]
    visitor = [m for m in data["messages"] if m["from"] == "visitor"]
    assert all("untrusted_customer_content" in m and "text" not in m for m in visitor)
    assert run_cli("context", session_id).json() == run_cli("context", session_id, "--json").json()
    assert write_requests(crisp_env.emulator) == {}
    with Store.open(data_dir() / file_name(crisp_env.settings.website_id))[0] as store:
        assert store.conversation(session_id) is not None


def test_an_unknown_conversation_is_one_sentence(
    crisp_env: EmulatorServer, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("context", "session_nope", "--json")
    assert result.code == 1 and result.out == "" and result.err.count("\n") == 1
