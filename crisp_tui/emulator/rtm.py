"""Crisp's RTM socket, emulated: a real Socket.IO 5 server (python-socketio) at `RTM_PATH`.

A client discovers the URL (`GET /v1/{plugin|website}/connect/endpoints`), connects over the
websocket transport, and sends `authentication` with the REST credentials and the events it wants;
it gets `authenticated` true, or `unauthorized` and then silence. Every world change is published
here (`World.publish`, from any thread) and sent, in order, to the sockets subscribed to it.

On the system clock a background task makes visitors write when their activity falls due, so a
live client that sends no request still sees them; on a fake clock `Emulator.advance` does it.
Faults (faults.Faults): `rtm_refuse_auth`, `rtm_event_delay_ms`, `rtm_silent` (nothing is sent,
pings included, as on a half-open connection); `drop()` cuts every socket without a close frame.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import hmac
import time
from typing import TYPE_CHECKING, Any

import socketio
from starlette.types import Message, Receive, Scope, Send

from crisp_tui.emulator.clock import FakeClock

if TYPE_CHECKING:
    from crisp_tui.emulator.app import Emulator

RTM_PATH = "/rtm/"  # the Engine.IO path the discovery routes advertise
IDLE_TICK_S = 1.0  # how often the activity task looks again when nothing is due sooner


class RtmHub:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        settings = emulator.settings
        self.sio = socketio.AsyncServer(
            async_mode="asgi",
            transports=["websocket"],
            ping_interval=settings.rtm_ping_interval_s,
            ping_timeout=settings.rtm_ping_timeout_s,
            cors_allowed_origins="*",
        )
        self._engine = socketio.ASGIApp(self.sio, socketio_path=RTM_PATH.strip("/"))
        self.sio.on("connect", self._on_connect)
        self.sio.on("disconnect", self._on_disconnect)
        self.sio.on("authentication", self._on_authentication)
        self._subscribed: dict[str, frozenset[str]] = {}
        self._sends: set[Send] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue[tuple[str, dict[str, Any], float]] = asyncio.Queue()
        self._tasks: set[asyncio.Task[None]] = set()
        self._activity_changed = asyncio.Event()
        self.sent = 0  # events delivered to sockets, for tests and benchmarks

    # -- ASGI -------------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._bind_loop()
        if scope["type"] != "websocket":
            await self._engine(scope, receive, send)
            return
        faults = self.emulator.faults

        async def guarded_send(message: Message) -> None:
            if faults.rtm_silent and message["type"] in ("websocket.send", "websocket.close"):
                return
            await send(message)

        self._sends.add(send)
        try:
            await self._engine(scope, receive, guarded_send)
            if faults.rtm_silent:  # half-open: the socket stays up, mute, until the client leaves
                while (await receive())["type"] != "websocket.disconnect":
                    pass
        finally:
            self._sends.discard(send)

    def drop(self) -> int:
        """Cut every socket as a network failure would; returns how many were cut."""
        sends = list(self._sends)
        for send in sends:
            transport = getattr(getattr(send, "__self__", None), "transport", None)
            if transport is not None:
                transport.abort()
            else:  # in process there is no socket to abort: close without Socket.IO's goodbye
                task = asyncio.ensure_future(send({"type": "websocket.close", "code": 1012}))
                self._keep(task)
        return len(sends)

    # -- publishing -------------------------------------------------------------------------

    def publish(self, name: str, payload: dict[str, Any]) -> None:
        """Queue an event for the subscribed sockets; safe from any thread."""
        loop = self._loop
        if loop is None or not self._subscribed or loop.is_closed():
            return
        item = (name, copy.deepcopy(payload), time.monotonic())  # the world changes its dicts
        with contextlib.suppress(RuntimeError):  # the loop closed since the check
            loop.call_soon_threadsafe(self._queue.put_nowait, item)

    async def _deliver(self) -> None:
        while True:
            name, payload, published = await self._queue.get()
            # Each event is late by the delay after its own publication (latency, not a queue).
            due = published + self.emulator.faults.rtm_event_delay_ms / 1000
            if due > time.monotonic():
                await asyncio.sleep(due - time.monotonic())
            for sid, events in list(self._subscribed.items()):
                if name in events:
                    await self.sio.emit(name, payload, to=sid)
                    self.sent += 1

    async def _visitors(self) -> None:
        """Apply visitor activity as it falls due on the system clock."""
        emulator = self.emulator
        while True:
            due = emulator.activity.next_due_ms()
            wait_ms = IDLE_TICK_S * 1000 if due is None else due - emulator.clock.now_ms()
            with contextlib.suppress(TimeoutError):
                timeout = min(max(wait_ms, 0) / 1000, IDLE_TICK_S)
                await asyncio.wait_for(self._activity_changed.wait(), timeout)
            self._activity_changed.clear()
            with emulator.world.lock:
                emulator.activity.catch_up(emulator.clock.now_ms())

    def activity_changed(self) -> None:
        """The visitors' pace changed (from any thread): look again at once."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._activity_changed.set)

    def _bind_loop(self) -> None:
        """Start the delivery (and activity) tasks on the loop serving sockets, once per loop."""
        loop = asyncio.get_running_loop()
        if loop is self._loop:
            return
        self._loop, self._queue, self._subscribed = loop, asyncio.Queue(), {}
        self._activity_changed = asyncio.Event()
        self._keep(loop.create_task(self._deliver()))
        if not isinstance(self.emulator.clock, FakeClock):
            self._keep(loop.create_task(self._visitors()))

    def _keep(self, task: asyncio.Future[Any]) -> None:
        self._tasks.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._tasks.discard)

    # -- Socket.IO handlers -----------------------------------------------------------------

    async def _on_connect(self, sid: str, environ: dict[str, Any]) -> None:
        return None  # everyone may connect; `authentication` decides what they hear

    async def _on_disconnect(self, sid: str, *reason: Any) -> None:
        self._subscribed.pop(sid, None)

    async def _on_authentication(self, sid: str, data: Any) -> None:
        if not self._valid(data):
            await self.sio.emit("unauthorized", {"message": "authentication failed"}, to=sid)
            return
        events = data["events"]
        self._subscribed[sid] = frozenset(e for e in events if isinstance(e, str))
        await self.sio.emit("authenticated", True, to=sid)

    def _valid(self, data: Any) -> bool:
        settings = self.emulator.settings
        if self.emulator.faults.rtm_refuse_auth or not isinstance(data, dict):
            return False
        username, password = data.get("username"), data.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            return False
        return (
            hmac.compare_digest(username.encode(), settings.token_id.encode())
            and hmac.compare_digest(password.encode(), settings.token_key.encode())
            and data.get("tier") == settings.tier
            and isinstance(data.get("events"), list)
        )
