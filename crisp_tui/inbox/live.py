"""The live source of change: Crisp's RTM events applied to the Inbox as they arrive.

While the socket is live, each event is applied from its payload, without a request: a message is
merged by fingerprint and moves its row, a state or an assignment patches the row. On every
(re)authentication one REST reconcile catches up with what happened while it was down. Polling
runs only while the socket is down; while it is live, a safety reconcile every 30 minutes.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Mapping
from typing import Any

from ..crisp.live import LiveSocket, LiveStatus
from ..crisp.live_events import (
    ComposeEvent,
    LiveEvent,
    MessageChangedEvent,
    MessageEvent,
    RoutingEvent,
    StateEvent,
    ViewingEvent,
)
from ..crisp.models import Message
from ..crisp.parse import as_map
from .inbox import Inbox
from .poller import Poller

SAFETY_RECONCILE_S = 30 * 60  # at most one per 15 min (#11); 30 keeps an idle day under 100
_META_FIELDS = ("email", "phone", "nickname", "subject", "avatar", "segments", "data", "address")
# Events that carry a conversation field of the same name (`session:set_inbox` → `inbox_id`).
_CONVERSATION_FIELDS = {
    "session:set_inbox": "inbox_id",
    "session:set_mentions": "mentions",
    "session:set_participants": "participants",
}


class LiveSource:
    def __init__(
        self,
        inbox: Inbox,
        socket: LiveSocket,
        poller: Poller,
        *,
        safety_interval: float = SAFETY_RECONCILE_S,
        sleep: Callable[[float], Any] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inbox = inbox
        self._socket = socket
        self._poller = poller
        self._safety_interval = safety_interval
        self._sleep = sleep
        self._monotonic = monotonic
        self._polling = False
        self._last_reconcile = monotonic()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None

    @property
    def socket(self) -> LiveSocket:
        """The socket, for what needs it directly: an upload waits on it for its signed URL."""
        return self._socket

    @property
    def live(self) -> bool:
        return self._inbox.status.live == "live"

    def start(self) -> None:
        self._runner = asyncio.create_task(self._run(), name="crisp-tui-live")

    async def stop(self) -> None:
        for task in [self._runner, *self._tasks]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._set_polling(False)

    async def _run(self) -> None:
        await asyncio.gather(self._socket.run(self), self._safety_reconciles())

    async def _safety_reconciles(self) -> None:
        """While live, at most one reconcile per interval, in case an event was lost."""
        while True:
            await self._sleep(self._safety_interval)
            if self.live and self._monotonic() - self._last_reconcile >= self._safety_interval:
                await self._reconcile()

    async def _reconcile(self) -> None:
        self._last_reconcile = self._monotonic()
        await self._inbox.reconcile()

    async def _catch_up(self) -> None:
        """The reconcile, then the open conversation's newest batch again: edits and removals
        made while the socket was down show only that way (they do not move the row)."""
        await self._reconcile()
        if self._inbox.open_session:
            await self._inbox.message_edits.recheck(self._inbox.open_session)

    async def _set_polling(self, on: bool) -> None:
        if on and not self._polling:
            self._poller.start()
        elif not on and self._polling:
            await self._poller.stop()
        self._polling = on

    def _spawn(self, work: Any) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- LiveListener -------------------------------------------------------------------------

    def live_status(self, status: LiveStatus) -> None:
        self._inbox.health.set_status(
            live=status.state, live_reason=status.reason, live_retry_at=status.retry_at
        )
        if status.state == "live":
            self._spawn(self._set_polling(False))
            self._spawn(self._catch_up())  # whatever happened while it was down
        elif status.state in ("reconnecting", "unavailable"):
            self._spawn(self._set_polling(True))

    async def live_event(self, event: LiveEvent) -> None:
        inbox, session_id = self._inbox, event.session_id
        if not session_id:
            return
        if isinstance(event, MessageEvent):
            await self._message(event.message)
        elif isinstance(event, MessageChangedEvent):
            edits = inbox.message_edits
            if event.removed:
                edits.apply_removed(session_id, event.fingerprint)
            else:
                edits.apply_updated(session_id, event.fingerprint, event.content)
        elif isinstance(event, StateEvent):
            inbox.apply_patch(session_id, state=event.state)
        elif isinstance(event, RoutingEvent):
            assigned = {"user_id": event.assigned_to} if event.assigned_to else {}
            inbox.apply_patch(session_id, assigned=assigned)
        elif isinstance(event, ComposeEvent):
            if event.by_visitor:
                inbox.presence.set_visitor_typing(
                    session_id, event.excerpt if event.typing else None
                )
        elif isinstance(event, ViewingEvent):
            user = event.user
            inbox.presence.set_viewing(session_id, user.user_id or "", user.nickname, event.opened)
        elif event.name == "session:removed":
            inbox.apply_removed(session_id)
        elif event.name == "session:request:initiated":
            await self._fetch(session_id)
        elif event.name == "session:set_block":
            inbox.apply_patch(session_id, is_blocked=event.payload.get("is_blocked"))
        elif event.name in _CONVERSATION_FIELDS:
            field = _CONVERSATION_FIELDS[event.name]
            if field in event.payload:
                inbox.apply_patch(session_id, **{field: event.payload[field]})
        elif event.name == "message:acknowledge:read:send":
            self._patch_unread(session_id, operator=0)
        elif event.name.startswith("session:set_"):
            self._patch_meta(session_id, event.name.removeprefix("session:set_"), event.payload)

    # --- applying one event -------------------------------------------------------------------

    async def _message(self, message: Message) -> None:
        inbox, session_id = self._inbox, message.session_id
        inbox.apply_messages(session_id, [message])
        if message.from_visitor:
            inbox.presence.set_visitor_typing(session_id, None)
        row = inbox.conversation(session_id)
        if row is None:  # the payload cannot make a row: ask for it (one request)
            await self._fetch(session_id)
            return
        if message.is_note:
            return
        raw = row.raw
        unread = dict(as_map(raw.get("unread")))
        excerpt = _excerpt(message)
        changes: dict[str, Any] = {
            "updated_at": max(row.updated_at, message.timestamp),
            "last_message": excerpt,
            "preview_message": {
                "type": message.type,
                "from": message.sender,
                "excerpt": excerpt,
                "fingerprint": message.fingerprint,
            },
        }
        if message.from_visitor:
            count = unread.get("operator")
            unread["operator"] = (count if isinstance(count, int) else 0) + 1
            if row.state == "resolved":
                changes["state"] = "unresolved"
        changes["unread"] = unread
        before = {r.session_id: r.updated_at for r in inbox.rows}
        inbox.apply_conversations([row.patched(**changes)])
        inbox.announce_arrivals(before)

    async def _fetch(self, session_id: str) -> None:
        inbox = self._inbox

        async def fetch() -> None:
            inbox.apply_conversations([await inbox.client.get_conversation(session_id)])

        await inbox.health.guard(fetch(), background=True)

    def _patch_unread(self, session_id: str, **counts: int) -> None:
        row = self._inbox.conversation(session_id)
        if row is not None:
            self._inbox.apply_patch(session_id, unread={**as_map(row.raw.get("unread")), **counts})

    def _patch_meta(self, session_id: str, field: str, payload: Mapping[str, Any]) -> None:
        row = self._inbox.conversation(session_id)
        if row is None or field not in _META_FIELDS or field not in payload:
            return
        meta = dict(as_map(row.raw.get("meta")))
        meta[field] = payload[field]
        self._inbox.apply_patch(session_id, meta=meta)


def _excerpt(message: Message) -> str:
    content = message.raw.get("content")
    if isinstance(content, str):
        return content[:200]
    if isinstance(content, Mapping):
        for key in ("text", "name", "url", "namespace"):
            if isinstance(content.get(key), str):
                return content[key][:200]
    return ""
