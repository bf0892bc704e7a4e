"""The emulator's RTM socket, heard through python-socketio's AsyncClient (a client nobody here
wrote), connected as node-crisp-api connects: discovery route, websocket only, URL path."""

from __future__ import annotations

import httpx
import pytest

from crisp_tui.emulator import EmulatorServer, EmulatorSettings, SystemClock
from tests.support.emulator import visitor_writes
from tests.support.rtm import OfficialListener, discover, rest

INBOX = ["message:send", "message:received", "session:set_state", "message:compose:send"]


def _site(server: EmulatorServer) -> str:
    return f"/website/{server.settings.website_id}"


def _open_session(server: EmulatorServer) -> str:
    world = server.emulator.world
    return next(s for s, c in world.conversations.items() if c.get("state") == "unresolved")


async def _listener(server: EmulatorServer, events: list[str] = INBOX) -> OfficialListener:
    listener = OfficialListener(server)
    await listener.connect(events)
    assert await listener.next() == ("authenticated", True)
    return listener


@pytest.mark.parametrize("tier", ["plugin", "website"])
async def test_discovery_advertises_the_socket_on_both_tiers(tier: str) -> None:
    with EmulatorServer(EmulatorSettings(tier=tier, conversations=5)) as server:
        url = await discover(server)
        assert url == f"{server.origin}/rtm/"
        async with rest(server) as http:
            body = (await http.get(f"/{tier}/connect/endpoints")).json()
        assert body["data"]["rescue"]["socket"]["app"] == url


async def test_discovery_needs_the_rest_credentials(rtm_server: EmulatorServer) -> None:
    async with rest(rtm_server, key="wrong") as http:
        response = await http.get("/plugin/connect/endpoints")
    assert response.status_code == 401


async def test_visitor_message_and_state_change_reach_the_official_client(
    rtm_server: EmulatorServer,
) -> None:
    listener = await _listener(rtm_server)
    async with rest(rtm_server) as http:
        await http.post(f"{rtm_server.origin}/_emulator/clock/advance", json={"seconds": 20})
        typing_name, typing = await listener.next()
        name, message = await listener.next()
        assert (typing_name, typing["type"]) == ("message:compose:send", "start")
        assert name == "message:send"
        assert message["from"] == "user" and message["content"] == typing["excerpt"]
        assert message["session_id"] == typing["session_id"]
        assert {"website_id", "inbox_id", "fingerprint", "timestamp"} <= set(message)

        session = _open_session(rtm_server)
        patched = await http.patch(
            f"{_site(rtm_server)}/conversation/{session}/state", json={"state": "resolved"}
        )
        assert patched.status_code == 200
        name, event = await listener.next("session:set_state")
    assert event == {
        "website_id": rtm_server.settings.website_id,
        "session_id": session,
        "inbox_id": rtm_server.emulator.world.conversations[session].get("inbox_id"),
        "state": "resolved",
    }
    await listener.close()


async def test_wrong_key_gets_unauthorized_and_nothing_else(rtm_server: EmulatorServer) -> None:
    intruder = OfficialListener(rtm_server)
    await intruder.connect(INBOX, key="wrong-key")
    assert await intruder.next() == ("unauthorized", {"message": "authentication failed"})
    witness = await _listener(rtm_server)
    rtm_server.emulator.advance(seconds=60)
    await witness.next("message:send")  # delivered to every subscribed socket by now
    assert intruder.received == [("unauthorized", {"message": "authentication failed"})]
    await intruder.close()
    await witness.close()


async def test_only_subscribed_events_are_sent(rtm_server: EmulatorServer) -> None:
    listener = await _listener(rtm_server, ["session:set_state"])
    rtm_server.emulator.advance(seconds=60)  # visitors write: not subscribed
    session = _open_session(rtm_server)
    async with rest(rtm_server) as http:
        await http.patch(
            f"{_site(rtm_server)}/conversation/{session}/state", json={"state": "pending"}
        )
    assert (await listener.next())[0] == "session:set_state"
    assert [name for name, _ in listener.received] == ["authenticated", "session:set_state"]
    await listener.close()


async def test_every_rest_write_is_published(rtm_server: EmulatorServer) -> None:
    listener = await _listener(
        rtm_server,
        [
            "message:received",
            "session:set_mentions",
            "message:compose:receive",
            "message:acknowledge:read:send",
            "session:set_routing",
            "session:set_nickname",
            "session:set_block",
            "session:removed",
        ],
    )
    session = _open_session(rtm_server)
    world = rtm_server.emulator.world
    operator = sorted(world.operator_ids())[0]
    before = world.conversations[session].get("assigned", {}).get("user_id")
    path = f"{_site(rtm_server)}/conversation/{session}"
    async with rest(rtm_server) as http:
        await http.patch(f"{path}/compose", json={"type": "start", "from": "operator"})
        await http.post(
            f"{path}/message",
            json={
                "type": "note",
                "from": "operator",
                "origin": "chat",
                "content": "fyi",
                "mentions": [operator],
            },
        )
        await http.patch(f"{path}/read", json={"from": "user", "origin": "chat"})
        await http.patch(f"{path}/routing", json={"assigned": {"user_id": operator}})
        await http.patch(f"{path}/meta", json={"nickname": "Jane"})
        await http.patch(f"{path}/block", json={"blocked": True})
        await http.delete(path)
    heard = [await listener.next() for _ in range(8)]
    names = [name for name, _ in heard]
    assert names == [
        "message:compose:receive",
        "message:received",
        "session:set_mentions",
        "message:acknowledge:read:send",
        "session:set_routing",
        "session:set_nickname",
        "session:set_block",
        "session:removed",
    ]
    payloads = dict(heard)
    assert payloads["message:compose:receive"]["type"] == "start"
    assert payloads["message:received"]["content"] == "fyi"
    assert operator in payloads["session:set_mentions"]["mentions"]
    assert payloads["message:acknowledge:read:send"]["origin"] == "chat"
    assert payloads["session:set_routing"]["routing_id"] == operator
    assert payloads["session:set_routing"]["previous_routing_id"] == before
    assert payloads["session:set_nickname"]["nickname"] == "Jane"
    assert payloads["session:set_block"]["is_blocked"] is True
    assert all(p["session_id"] == session for p in payloads.values())
    await listener.close()


async def test_new_conversation_is_announced_before_its_first_message() -> None:
    with EmulatorServer(EmulatorSettings(conversations=5, activity_per_minute=0)) as server:
        listener = await _listener(server, ["session:request:initiated", "message:send"])
        server.emulator.set_activity(6000)  # a visitor event every 10 ms of the real clock
        _, initiated = await listener.next("session:request:initiated")
        _, first = await listener.next("message:send")
        assert first["session_id"] == initiated["session_id"]
        assert first["from"] == "user"
        await listener.close()


async def test_visitors_write_on_their_own_and_colleagues_read_along() -> None:
    """Without any request: visitors write, and a colleague opens a conversation a visitor just
    wrote in (`session:set_opened`), then leaves it (`session:set_closed`)."""
    with EmulatorServer(EmulatorSettings(conversations=20, clock=SystemClock())) as server:
        server.emulator.set_activity(0)
        viewing = ["session:set_opened", "session:set_closed"]
        listener = await _listener(server, ["message:send", *viewing])
        server.emulator.stats.reset()
        server.emulator.set_activity(6000)
        _, written = await listener.next("message:send")
        _, opened = await listener.next("session:set_opened")
        _, closed = await listener.next("session:set_closed")
        assert server.emulator.stats.to_dict()["total"] == 0
        colleagues = [op["details"]["user_id"] for op in server.emulator.world.operators[1:]]
        assert opened["operator"]["user_id"] in colleagues and opened["operator"]["nickname"]
        assert (closed["session_id"], closed["operator"]) == (
            opened["session_id"],
            opened["operator"],
        )
        assert written["session_id"]
        await listener.close()


async def test_refused_authentication_fault(rtm_server: EmulatorServer) -> None:
    rtm_server.emulator.set_faults(rtm_refuse_auth=True)
    listener = OfficialListener(rtm_server)
    await listener.connect(INBOX)
    assert (await listener.next())[0] == "unauthorized"
    await listener.close()


async def test_drop_cuts_the_socket(rtm_server: EmulatorServer) -> None:
    listener = await _listener(rtm_server)
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{rtm_server.origin}/_emulator/rtm/drop")
    assert response.json() == {"dropped": 1}
    await listener.disconnected.wait()


async def test_silent_socket_stops_the_heartbeat(rtm_server: EmulatorServer) -> None:
    listener = await _listener(rtm_server)
    rtm_server.emulator.set_faults(rtm_silent=True)
    await listener.disconnected.wait()  # python-socketio gives up after pingInterval+Timeout


async def test_delayed_events_still_arrive_in_order(rtm_server: EmulatorServer) -> None:
    rtm_server.emulator.set_faults(rtm_event_delay_ms=20)
    listener = await _listener(rtm_server, ["message:send"])
    session = _open_session(rtm_server)
    for n in (1, 2, 3):
        visitor_writes(rtm_server.emulator, session, f"m{n}", fingerprint=n * 10**14)
    contents = [(await listener.next())[1]["content"] for _ in range(3)]
    assert contents == ["m1", "m2", "m3"]
    await listener.close()


async def test_failed_discovery_fault(rtm_server: EmulatorServer) -> None:
    rtm_server.emulator.set_faults(match="connect/endpoints", script=["503"])
    async with rest(rtm_server) as http:
        response = await http.get("/plugin/connect/endpoints")
    assert response.status_code == 503
