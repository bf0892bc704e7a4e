"""Helpers for the live-updates (RTM) tests.

rtm_settings      emulator settings with a short Engine.IO heartbeat (silence is noticed in 2 s)
rtm_server        a loopback EmulatorServer on those settings (fake clock)
OfficialListener  python-socketio's AsyncClient (written by nobody here) on the emulator, through
                  the discovery route: `await listener.connect(events)`, `await listener.next()`
LiveRecorder      a crisp.live listener that records statuses and events, with waits for them
discover(server)  the advertised RTM URL, fetched over real HTTP
until(inbox, cond) wait until a condition on the inbox holds, re-checked on each inbox event
running_live      `async with running_live(server) as (recorder, waits)`: our LiveSocket in a task,
                  its reconnect waits recorded by `Waits` instead of slept
live_inbox        `async with live_inbox(server, tmp_path, waits) as inbox`: a started Inbox fed
                  by a LiveSource on the server (operator_id = the first operator)
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import socketio

from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.crisp.live import LiveSocket, LiveStatus
from crisp_tui.crisp.live_events import LiveEvent
from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from crisp_tui.inbox.inbox import Inbox, build_inbox
from crisp_tui.inbox.live import LiveSource
from crisp_tui.inbox.poller import Poller
from tests.support.emulator import FIXED_NOW_MS, served, settings_for

WAIT_S = 10.0  # the longest any test waits for something that should come at once


@pytest.fixture
def rtm_settings() -> EmulatorSettings:
    return EmulatorSettings(
        seed=1234,
        clock=FakeClock(FIXED_NOW_MS),
        rtm_ping_interval_s=1,
        rtm_ping_timeout_s=1,
    )


@pytest.fixture
def rtm_server(rtm_settings: EmulatorSettings) -> Iterator[EmulatorServer]:
    with served(rtm_settings) as server:
        yield server


def rest(server: EmulatorServer, key: str | None = None) -> httpx.AsyncClient:
    settings = server.settings
    return httpx.AsyncClient(
        base_url=server.base_url,
        auth=(settings.token_id, key or settings.token_key),
        headers={"X-Crisp-Tier": settings.tier},
        timeout=WAIT_S,
    )


async def discover(server: EmulatorServer) -> str:
    async with rest(server) as http:
        response = await http.get(f"/{server.settings.tier}/connect/endpoints")
    response.raise_for_status()
    return response.json()["data"]["socket"]["app"]


class OfficialListener:
    """python-socketio's client, connected as node-crisp-api does (websocket, URL path)."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.client = socketio.AsyncClient(reconnection=False)
        self.received: list[tuple[str, Any]] = []
        self._queue: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.disconnected = asyncio.Event()
        self.client.on("*", self._any)
        self.client.on("disconnect", self._gone)

    async def _any(self, name: str, data: Any) -> None:
        self.received.append((name, data))
        await self._queue.put((name, data))

    async def _gone(self, *reason: Any) -> None:
        self.disconnected.set()

    async def connect(self, events: list[str], *, key: str | None = None) -> None:
        """Discover, connect, and send `authentication` (with another key if given)."""
        url = urlsplit(await discover(self.server))
        await self.client.connect(
            f"{url.scheme}://{url.netloc}", socketio_path=url.path, transports=["websocket"]
        )
        settings = self.server.settings
        await self.client.emit(
            "authentication",
            {
                "username": settings.token_id,
                "password": key or settings.token_key,
                "tier": settings.tier,
                "events": events,
            },
        )

    async def next(self, name: str | None = None) -> tuple[str, Any]:
        """The next event received (the next one called `name`, if given)."""
        while True:
            event = await asyncio.wait_for(self._queue.get(), WAIT_S)
            if name is None or event[0] == name:
                return event

    async def close(self) -> None:
        await self.client.disconnect()


class LiveRecorder:
    """Records what a `LiveSocket` reports; `wait_for_*` return as soon as it arrives."""

    def __init__(self) -> None:
        self.statuses: list[LiveStatus] = []
        self.events: list[LiveEvent] = []
        self._changed = asyncio.Condition()

    def live_status(self, status: LiveStatus) -> None:
        self.statuses.append(status)
        asyncio.get_running_loop().create_task(self._notify())

    async def live_event(self, event: LiveEvent) -> None:
        self.events.append(event)
        await self._notify()

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for_state(self, state: str, count: int = 1) -> LiveStatus:
        def found() -> bool:
            return sum(s.state == state for s in self.statuses) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(found), WAIT_S)
        return [s for s in self.statuses if s.state == state][count - 1]

    async def wait_for_event(self, name: str, session_id: str | None = None) -> LiveEvent:
        def match() -> LiveEvent | None:
            for event in self.events:
                if event.name == name and session_id in (None, event.session_id):
                    return event
            return None

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: match() is not None), WAIT_S)
        found = match()
        assert found is not None
        return found


class Waits:
    """A `sleep` for LiveSocket that records each wait and returns at once, or, once `hold()`
    is called, blocks until the test ends (so a refused socket does not spin)."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self._free = asyncio.Event()
        self._free.set()

    def hold(self) -> None:
        self._free.clear()

    def release(self) -> None:
        self._free.set()

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await self._free.wait()


def credentials_of(server: EmulatorServer, key: str | None = None) -> Credentials:
    s = server.settings
    return Credentials(s.website_id, s.token_id, key or s.token_key, s.tier)


@contextlib.asynccontextmanager
async def running_live(
    server: EmulatorServer, *, key: str | None = None, waits: Waits | None = None
) -> AsyncIterator[tuple[LiveRecorder, Waits]]:
    """A LiveSocket on the loopback server, running in a task until the block ends."""
    recorder, waits = LiveRecorder(), waits or Waits()
    credentials = credentials_of(server, key)

    async def no_wait(_: float) -> None:
        return None

    async with CrispClient(
        credentials, api_url=server.base_url, timeout=WAIT_S, sleep=no_wait
    ) as client:
        socket = LiveSocket(client, sleep=waits, rng=random.Random(1))
        task = asyncio.create_task(socket.run(recorder))
        try:
            yield recorder, waits
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def until(inbox: Inbox, condition: Callable[[], bool]) -> None:
    """Wait until `condition()` holds, checking after each event the inbox emits."""
    changed = asyncio.Event()
    inbox.subscribe(lambda event: changed.set())

    async def check() -> None:
        while not condition():
            await changed.wait()
            changed.clear()

    await asyncio.wait_for(check(), WAIT_S)


@contextlib.asynccontextmanager
async def live_inbox(
    server: EmulatorServer, tmp_path, waits: Waits, **changes: object
) -> AsyncIterator[Inbox]:
    me = server.emulator.world.operators[0]["details"]["user_id"]
    settings = settings_for(server, operator_id=me)
    inbox, _ = build_inbox(settings, store_path=tmp_path / "store.sqlite3")
    socket = LiveSocket(inbox.client, sleep=waits, rng=random.Random(2))
    source = LiveSource(inbox, socket, Poller(inbox), **changes)  # type: ignore[arg-type]
    await inbox.start()
    source.start()
    try:
        yield inbox
    finally:
        await source.stop()
        await inbox.stop()
