"""The live socket (crisp.live) against the emulator's RTM server: over real loopback
websockets, and in process through httpx-ws's ASGI transport as `--demo` runs it."""

from __future__ import annotations

import asyncio
import random

import httpx
import pytest
from httpx_ws.transport import ASGIWebSocketTransport

from crisp_tui.crisp import socketio_frames as frames
from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.live import AUTH_REFUSED, Backoff, LiveSocket
from crisp_tui.crisp.live_events import (
    ComposeEvent,
    MessageEvent,
    RoutingEvent,
    StateEvent,
    ViewingEvent,
    parse_event,
)
from crisp_tui.emulator import EmulatorServer, create_app
from tests.support.emulator import visitor_writes
from tests.support.rtm import WAIT_S, LiveRecorder, Waits, credentials_of, rest, running_live

DISCOVERY = "GET /plugin/connect/endpoints"


def _open_session(server: EmulatorServer) -> str:
    world = server.emulator.world
    return next(s for s, c in world.conversations.items() if c.get("state") == "unresolved")


async def test_visitor_activity_and_rest_writes_arrive_typed(rtm_server: EmulatorServer) -> None:
    async with running_live(rtm_server) as (recorder, _):
        await recorder.wait_for_state("live")
        rtm_server.emulator.advance(seconds=20)
        sent = await recorder.wait_for_event("message:send")
        assert isinstance(sent, MessageEvent) and sent.message.from_visitor
        typing = recorder.events[recorder.events.index(sent) - 1]
        assert isinstance(typing, ComposeEvent) and typing.by_visitor and typing.typing
        assert typing.excerpt == sent.message.content

        session = _open_session(rtm_server)
        async with rest(rtm_server) as http:
            path = f"/website/{rtm_server.settings.website_id}/conversation/{session}"
            await http.patch(f"{path}/state", json={"state": "pending"})
        state = await recorder.wait_for_event("session:set_state", session)
        assert isinstance(state, StateEvent) and state.state == "pending"


async def test_drop_reconnects_discovering_and_authenticating_again(
    rtm_server: EmulatorServer,
) -> None:
    emulator = rtm_server.emulator
    session = _open_session(rtm_server)
    async with running_live(rtm_server) as (recorder, waits):
        await recorder.wait_for_state("live")
        assert emulator.rtm.drop() == 1
        reconnecting = await recorder.wait_for_state("reconnecting")
        await recorder.wait_for_state("live", 2)
        assert reconnecting.reason == "the live connection dropped"
        assert reconnecting.retry_at is not None
        assert 0.5 <= waits.delays[0] <= 1.0  # the first wait after a live connection
        assert emulator.stats.requests[DISCOVERY] == 2
        visitor_writes(emulator, session, "after the drop", fingerprint=10**15)
        event = await recorder.wait_for_event("message:send", session)
        assert isinstance(event, MessageEvent) and event.message.fingerprint == 10**15


async def test_pings_are_answered_so_the_connection_outlives_the_heartbeat(
    rtm_server: EmulatorServer,
) -> None:
    # 1 s pings, 1 s timeout: an event held back 3 s arrives on the same connection only if
    # every ping meanwhile got its pong.
    rtm_server.emulator.set_faults(rtm_event_delay_ms=3000)
    session = _open_session(rtm_server)
    async with running_live(rtm_server) as (recorder, _):
        await recorder.wait_for_state("live")
        visitor_writes(rtm_server.emulator, session, "late", fingerprint=10**15)
        await recorder.wait_for_event("message:send", session)
        assert [s.state for s in recorder.statuses] == ["connecting", "live"], recorder.statuses


async def test_silent_server_is_noticed_and_left(rtm_server: EmulatorServer) -> None:
    async with running_live(rtm_server) as (recorder, _):
        await recorder.wait_for_state("live")
        rtm_server.emulator.set_faults(rtm_silent=True)
        reconnecting = await recorder.wait_for_state("reconnecting")
        assert reconnecting.reason == "Crisp stopped answering on the live connection"
        rtm_server.emulator.set_faults(rtm_silent=False)
        await recorder.wait_for_state("live", 2)


async def test_refused_authentication_is_unavailable_not_a_fast_retry(
    rtm_server: EmulatorServer,
) -> None:
    rtm_server.emulator.set_faults(rtm_refuse_auth=True)
    waits = Waits()
    waits.hold()
    async with running_live(rtm_server, waits=waits) as (recorder, _):
        status = await recorder.wait_for_state("unavailable")
    assert status.reason == AUTH_REFUSED
    assert waits.delays == [Backoff().refused_s]


async def test_wrong_key_is_refused_at_discovery(rtm_server: EmulatorServer) -> None:
    waits = Waits()
    waits.hold()
    async with running_live(rtm_server, key="wrong", waits=waits) as (recorder, _):
        status = await recorder.wait_for_state("unavailable")
    assert status.reason == AUTH_REFUSED
    assert "wrong" not in repr(recorder.statuses)


async def test_failed_discovery_backs_off_with_jitter_then_connects(
    rtm_server: EmulatorServer,
) -> None:
    # Each discovery is one GET retried twice by the client: three 503s fail one attempt.
    rtm_server.emulator.set_faults(match="connect/endpoints", script=["503"] * 9)
    async with running_live(rtm_server) as (recorder, waits):
        await recorder.wait_for_state("live")
    reasons = {s.reason for s in recorder.statuses if s.state == "reconnecting"}
    assert len(reasons) == 1 and reasons.pop().startswith("could not find the live endpoint")
    assert len(waits.delays) == 3
    for attempt, delay in enumerate(waits.delays, start=1):
        ceiling = min(Backoff().max_s, Backoff().base_s * 2**attempt)
        assert ceiling / 2 <= delay <= ceiling


async def test_in_process_over_asgi_as_the_demo_runs(rtm_server: EmulatorServer) -> None:
    app = create_app(rtm_server.settings)
    credentials = credentials_of(rtm_server)
    recorder = LiveRecorder()
    async with CrispClient(
        credentials, api_url="http://emulator/v1", transport=httpx.ASGITransport(app)
    ) as client:
        socket = LiveSocket(client, transport=lambda: ASGIWebSocketTransport(app))
        task = asyncio.create_task(socket.run(recorder))
        await recorder.wait_for_state("live")
        app.state.emulator.advance(seconds=20)
        await recorder.wait_for_event("message:send")
        task.cancel()
    assert app.state.emulator.stats.requests[DISCOVERY] == 1


def test_backoff_grows_to_its_ceiling_with_jitter() -> None:
    backoff, rng = Backoff(base_s=1, max_s=60), random.Random(3)
    delays = [backoff.delay(attempt, rng) for attempt in range(10)]
    assert all(min(60, 2**n) / 2 <= d <= min(60, 2**n) for n, d in enumerate(delays))
    assert len(set(delays)) == len(delays)


@pytest.mark.parametrize(
    ("advertised", "address"),
    [
        ("https://relay.example", "https://relay.example/?EIO=4&transport=websocket"),
        ("https://relay.example/", "https://relay.example/?EIO=4&transport=websocket"),
        ("wss://relay.example/p/1", "https://relay.example/p/1/?EIO=4&transport=websocket"),
        ("ws://127.0.0.1:9/rtm/", "http://127.0.0.1:9/rtm/?EIO=4&transport=websocket"),
    ],
)
def test_socket_address_keeps_the_path_and_never_doubles_the_slash(
    advertised: str, address: str
) -> None:
    assert frames.socket_address(advertised) == address


@pytest.mark.parametrize(
    ("text", "kind", "name", "data"),
    [
        ('0{"sid":"a","pingInterval":25000}', "open", "", {"sid": "a", "pingInterval": 25000}),
        ("2", "ping", "", None),
        ('40{"sid":"b"}', "connect", "", {"sid": "b"}),
        ('42["authenticated",true]', "event", "authenticated", True),
        ('421["message:send",{"a":1}]', "event", "message:send", {"a": 1}),
        ('44{"message":"no"}', "connect_error", "", {"message": "no"}),
        ("41", "disconnect", "", None),
        ("42[not json", "other", "", None),
        ("42[1,2]", "other", "", None),
        ("6", "other", "", None),
    ],
)
def test_frames_decode(text: str, kind: str, name: str, data: object) -> None:
    assert frames.decode(text) == frames.Frame(kind, name, data)


def test_events_parse_leniently() -> None:
    routing = parse_event("session:set_routing", {"session_id": "s", "routing_id": None})
    assert isinstance(routing, RoutingEvent) and routing.assigned_to is None
    viewing = parse_event(
        "session:set_opened", {"session_id": "s", "operator": {"user_id": "u", "nickname": "Jo"}}
    )
    assert isinstance(viewing, ViewingEvent) and viewing.opened and viewing.user.nickname == "Jo"
    odd = parse_event("message:send", ["not", "a", "dict"])
    assert isinstance(odd, MessageEvent) and odd.session_id == ""
    assert parse_event("website:something_new", {"x": 1}).payload == {"x": 1}


async def test_a_cancellation_swallowed_on_the_way_still_stops_the_socket(
    rtm_server: EmulatorServer,
) -> None:
    """A library that swallows the cancellation (as one closing a socket may) must not keep the
    socket reconnecting: ^C would never end `listen`, nor quit end the app."""
    swallowed = asyncio.Event()

    class Swallowing(CrispClient):
        async def socket_url(self) -> str:
            try:
                await asyncio.sleep(3600)
            except asyncio.CancelledError:
                swallowed.set()
            return await super().socket_url()

    async with Swallowing(credentials_of(rtm_server), api_url=rtm_server.base_url) as client:
        task = asyncio.create_task(LiveSocket(client).run(LiveRecorder()))
        await asyncio.sleep(0)
        task.cancel()
        await swallowed.wait()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT_S)
