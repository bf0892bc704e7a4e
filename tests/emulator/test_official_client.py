"""The official `crisp-api` package (python-crisp-api, on requests) against the loopback emulator.

A client nobody here wrote must get the same answers as plain HTTP: the emulator follows Crisp,
not our own client.
"""

from __future__ import annotations

import httpx
import pytest
from crisp_api import Crisp
from crisp_api.errors.route import RouteError

from crisp_tui.emulator import EmulatorServer
from crisp_tui.emulator.world import World

from .conftest import data


@pytest.fixture
def crisp(emulator_server: EmulatorServer) -> Crisp:
    client = Crisp()
    client.set_rest_host(emulator_server.origin)
    client.set_rest_base_path("/v1")
    client.set_tier(emulator_server.settings.tier)
    client.authenticate(emulator_server.settings.token_id, emulator_server.settings.token_key)
    return client


@pytest.fixture
def website_id(emulator_server: EmulatorServer) -> str:
    return emulator_server.settings.website_id


def test_list_and_search(
    crisp: Crisp, website_id: str, emulator_http: httpx.Client, site: str, world: World
) -> None:
    listed = crisp.website.list_conversations(website_id, 1)
    assert listed == data(emulator_http.get(f"{site}/conversations/1"))
    unresolved = crisp.website.search_conversations(website_id, 1, filter_not_resolved="1")
    assert unresolved and all(c["state"] != "resolved" for c in unresolved)

    target = next(
        c
        for c in world.conversations.values()
        if c["meta"]["email"] and world.messages[c["session_id"]]
    )
    found = crisp.website.search_conversations(
        website_id, 1, search_query=target["meta"]["email"], search_type="text"
    )
    assert target["session_id"] in [c["session_id"] for c in found]


def test_get_exists_and_messages(crisp: Crisp, website_id: str, world: World) -> None:
    sid = max(world.messages, key=lambda s: len(world.messages[s]))
    assert crisp.website.get_conversation(website_id, sid)["session_id"] == sid
    assert crisp.website.check_conversation_exists(website_id, sid) == {}
    with pytest.raises(RouteError):
        crisp.website.check_conversation_exists(website_id, "session_missing")

    newest = crisp.website.get_messages_in_conversation(website_id, sid, {})
    older = crisp.website.get_messages_in_conversation(
        website_id, sid, {"timestamp_before": newest[0]["timestamp"]}
    )
    expected = world.messages[sid][-len(newest) - len(older) :]
    assert [m["fingerprint"] for m in older + newest] == [m["fingerprint"] for m in expected]


def test_send_read_state_meta_routing(
    crisp: Crisp, website_id: str, world: World, emulator_server: EmulatorServer
) -> None:
    sid = next(
        s
        for s, c in world.conversations.items()
        if c["state"] == "unresolved" and c["unread"]["operator"] and not c["is_blocked"]
    )
    sent = crisp.website.send_message_in_conversation(
        website_id,
        sid,
        {
            "type": "text",
            "from": "operator",
            "origin": "chat",
            "content": "Hello from crisp-api",
            "fingerprint": 5_000_000_000_123,
        },
    )
    assert sent == {"fingerprint": 5_000_000_000_123}
    message = crisp.website.get_message_in_conversation(website_id, sid, 5_000_000_000_123)
    assert message["content"] == "Hello from crisp-api"
    assert emulator_server.emulator.stats.posted_fingerprints() == [5_000_000_000_123]

    crisp.website.mark_messages_read_in_conversation(
        website_id, sid, {"from": "user", "origin": "chat"}
    )
    assert crisp.website.get_conversation(website_id, sid)["unread"]["operator"] == 0
    with pytest.raises(RouteError) as error:
        crisp.website.mark_messages_read_in_conversation(website_id, sid, {"from": "user"})
    assert error.value.args[0]["code"] == 400
    assert error.value.args[0]["message"] == "invalid_data"

    crisp.website.change_conversation_state(website_id, sid, {"state": "resolved"})
    assert crisp.website.get_conversation_state(website_id, sid) == {"state": "resolved"}

    crisp.website.update_conversation_metas(
        website_id, sid, {"nickname": "Renamed", "segments": ["vip"]}
    )
    meta = crisp.website.get_conversation_metas(website_id, sid)
    assert meta["nickname"] == "Renamed" and meta["segments"] == ["vip"]

    operator = crisp.website.list_website_operators(website_id)[0]["details"]["user_id"]
    crisp.website.assign_conversation_routing(website_id, sid, {"assigned": {"user_id": operator}})
    assert crisp.website.get_conversation_routing_assign(website_id, sid) == {
        "assigned": {"user_id": operator}
    }


def test_wrong_credentials_are_refused(crisp: Crisp, website_id: str) -> None:
    crisp.authenticate("nobody", "nothing")
    with pytest.raises(RouteError) as error:
        crisp.website.get_website(website_id)
    assert error.value.args[0]["code"] == 401
    assert error.value.args[0]["message"] == "invalid_session"
