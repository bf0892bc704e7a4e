"""Crisp's RTM socket: discover, connect, authenticate, keep alive, reconnect (docs/crisp-api.md).

`LiveSocket.run(listener)` never returns on its own: it reports `LiveStatus` changes and typed
`LiveEvent`s to the listener, and after any failure waits (exponential backoff, jitter) and starts
again from discovery, authenticating on every new connection. Cancel the task to stop it.
One websocket stack: httpx-ws on httpx, so `--demo` connects in process through its ASGI transport.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from . import errors
from . import socketio_frames as frames
from .live_events import INBOX_EVENTS, LiveEvent, parse_event
from .uploads import UploadUrls

if TYPE_CHECKING:
    import httpx
    from httpx_ws import AsyncWebSocketSession

    from .client import CrispClient

LiveState = Literal["connecting", "live", "reconnecting", "unavailable"]
CONNECT_TIMEOUT_S = 10.0  # node-crisp-api's socket timeout
AUTH_REFUSED = "Crisp refused this token for live updates"


@dataclass(frozen=True)
class LiveStatus:
    state: LiveState
    reason: str = ""  # why it is not live (one sentence, no secrets)
    retry_at: float | None = None  # wall-clock seconds of the next attempt


class LiveListener(Protocol):
    def live_status(self, status: LiveStatus) -> None: ...
    async def live_event(self, event: LiveEvent) -> None: ...


@dataclass(frozen=True)
class Backoff:
    """Equal jitter: half the exponential ceiling, plus up to half again at random."""

    base_s: float = 1.0
    max_s: float = 60.0
    refused_s: float = 300.0  # after `unauthorized`: trying harder will not help

    def delay(self, attempt: int, rng: random.Random) -> float:
        ceiling = min(self.max_s, self.base_s * 2**attempt)
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


class LiveClosed(Exception):
    """The connection ended; the message says why, for the status bar."""

    def __init__(self, reason: str, *, refused: bool = False) -> None:
        super().__init__(reason)
        self.refused = refused


def _stop_if_cancelled() -> None:
    """Stop when asked to, even if a library swallowed the cancellation on the way (httpx-ws and
    anyio close a socket in shielded scopes): else `listen` would never end on ^C."""
    task = asyncio.current_task()
    cancelling = getattr(task, "cancelling", None)  # Python 3.11+
    if cancelling is not None and cancelling():
        raise asyncio.CancelledError


class LiveSocket:
    def __init__(
        self,
        client: CrispClient,
        *,
        events: Iterable[str] = INBOX_EVENTS,
        transport: Callable[[], httpx.AsyncBaseTransport] | None = None,
        backoff: Backoff | None = None,
        sleep: Callable[[float], object] = asyncio.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`transport` makes a fresh httpx transport per connection (the emulator in process);
        by default httpx opens real sockets."""
        self._client = client
        self.events = tuple(events)
        self._transport = transport
        self._backoff = backoff or Backoff()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._clock = clock
        self._went_live = False  # this attempt authenticated: the next one starts the backoff over
        self.is_live = False  # authenticated and not (yet) closed: an upload can be asked for
        self.upload_urls = UploadUrls()  # signed upload URLs, to whoever waits for one

    async def run(self, listener: LiveListener) -> None:
        attempt = 0
        while True:
            _stop_if_cancelled()
            listener.live_status(LiveStatus("connecting"))
            self._went_live = False
            try:
                url = await self._client.socket_url()
                _stop_if_cancelled()
                await self._connection(url, listener)
                reason, refused = "the live connection closed", False
            except LiveClosed as closed:
                reason, refused = str(closed), closed.refused
            except (errors.AuthenticationError, errors.NotAllowedError, errors.NotSubscribedError):
                reason, refused = AUTH_REFUSED, True
            except errors.CrispError as error:
                reason = f"could not find the live endpoint: {error.message.rstrip('.')}"
                refused = False
            attempt = 0 if self._went_live else attempt + 1
            if refused:
                delay, state = self._backoff.refused_s, "unavailable"
            else:
                delay, state = self._backoff.delay(attempt, self._rng), "reconnecting"
            _stop_if_cancelled()
            listener.live_status(LiveStatus(state, reason, self._clock() + delay))
            await self._sleep(delay)

    async def _connection(self, url: str, listener: LiveListener) -> None:
        """One connection, from the websocket upgrade until it fails; raises LiveClosed."""
        import httpx
        from httpx_ws import aconnect_ws

        from .client import _tls_context

        address = frames.socket_address(url)
        verify = _tls_context() if address.startswith("https:") else False
        transport = self._transport() if self._transport else None
        outcome: LiveClosed | None = None
        try:
            async with (
                httpx.AsyncClient(
                    transport=transport, verify=verify, timeout=CONNECT_TIMEOUT_S
                ) as http,
                aconnect_ws(address, http, keepalive_ping_interval_seconds=None) as ws,
            ):
                outcome = await self._converse(ws, listener)
        except LiveClosed as closed:
            outcome = closed
        except Exception:  # httpx, httpx-ws and anyio each raise their own kinds
            outcome = outcome or LiveClosed("could not connect to the live endpoint")
        raise outcome or LiveClosed("the live connection closed")

    async def _converse(self, ws: AsyncWebSocketSession, listener: LiveListener) -> LiveClosed:
        """Handshake, authenticate, then pass events on until the socket ends (returns why)."""
        try:
            opened = await self._expect(ws, "open", CONNECT_TIMEOUT_S)
            info = opened.data if isinstance(opened.data, dict) else {}
            silence_s = (info.get("pingInterval", 25_000) + info.get("pingTimeout", 20_000)) / 1000
            await ws.send_text(frames.CONNECT)
            await self._expect(ws, "connect", CONNECT_TIMEOUT_S)
            await ws.send_text(frames.event("authentication", self._authentication()))
            reply = await self._expect(ws, "event", CONNECT_TIMEOUT_S)
            if reply.name != "authenticated" or reply.data is not True:
                return LiveClosed(AUTH_REFUSED, refused=True)
            self._went_live = self.is_live = True
            listener.live_status(LiveStatus("live"))
            while True:
                frame = await self._next(ws, silence_s)
                if frame.kind == "event":
                    event = parse_event(frame.name, frame.data)
                    self.upload_urls.deliver(event)
                    await listener.live_event(event)
                elif frame.kind in ("close", "disconnect"):
                    return LiveClosed("Crisp closed the live connection")
        except TimeoutError:
            return LiveClosed("Crisp stopped answering on the live connection")
        except LiveClosed as closed:
            return closed
        except Exception:  # the socket broke: httpx-ws's network and disconnect errors
            return LiveClosed("the live connection dropped")
        finally:
            self.is_live = False

    def _authentication(self) -> dict[str, object]:
        c = self._client.credentials
        return {
            "username": c.token_id,
            "password": c.token_key,
            "tier": c.tier,
            "events": list(self.events),
        }

    async def _expect(self, ws: AsyncWebSocketSession, kind: str, timeout: float) -> frames.Frame:
        frame = await self._next(ws, timeout)
        if frame.kind == "connect_error":
            raise LiveClosed(AUTH_REFUSED, refused=True)
        if frame.kind != kind:
            raise LiveClosed(f"the live connection spoke out of turn (expected {kind})")
        return frame

    async def _next(self, ws: AsyncWebSocketSession, timeout: float) -> frames.Frame:
        """The next frame that is not a ping (pings are answered here)."""
        while True:
            frame = frames.decode(await ws.receive_text(timeout=timeout))
            if frame.kind == "ping":
                await ws.send_text(frames.PONG)
            elif frame.kind != "other":
                return frame
