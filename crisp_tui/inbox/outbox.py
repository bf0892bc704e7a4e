"""Confirmed replies on their way to Crisp, delivered exactly once.

A reply gets its fingerprint when the agent confirms it and is written to the store before the
first attempt, so a crash, a dead network or a failed send loses nothing.

- One sender at a time: the process that claims an item holds a lease on it, renewed while its
  POST is in flight. Another window only takes over a lease that lapsed or whose process died.
- Never a resend while the first attempt may still land: when a POST's outcome is unknown (its
  answer was lost, the process died mid-send), the fingerprint is looked up on Crisp over a settle
  window, because a server may store a message after giving up on the answer. Found: sent. Still
  not found after the window: the item is "unknown" and the agent decides (resend or drop).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import socket
import time
import uuid
from collections.abc import Callable, Mapping

from ..crisp import errors
from ..crisp.client import CrispClient, new_fingerprint
from ..crisp.transport import RETRYABLE
from .events import InboxEvent, Notice, OutboxChanged
from .store import OutboxItem, Store, StoreError

# Errors after which the reply stays queued and is retried later; anything else is final.
_TRANSIENT = (*RETRYABLE, errors.MalformedResponseError, errors.QuotaExceededError)
LEASE_MS = 30_000
# A POST whose answer was lost is looked up this long before the agent is asked: Crisp-like
# servers have been seen storing a message up to 60 s after the request.
SETTLE_MS = 90_000


def new_owner() -> str:
    """Who claims outbox items: this host and process (so a dead one is recognised at once)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _owner_is_gone(owner: str) -> bool:
    """Whether the process that claimed an item is known to be dead (same host only)."""
    host, _, rest = owner.partition(":")
    pid, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return not owner  # an item from before leases had no owner
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def _may_still_land(error: errors.CrispError) -> bool:
    """No answer, or a server error: the request may still be on its way to being stored. A
    4xx answer that was looked up and is absent is a refusal (the text goes back)."""
    return error.status is None or error.status >= 500


class Outbox:
    def __init__(
        self,
        client: CrispClient,
        store: Store,
        emit: Callable[[InboxEvent], None],
        author: Callable[[], Mapping[str, str] | None] = lambda: None,
        *,
        clock: Callable[[], float] = time.time,
        log_error: Callable[[errors.CrispError], None] = lambda error: None,
    ) -> None:
        self._client = client
        self._log_error = log_error  # Crisp's full answer, for the error log
        self._store = store
        self._emit = emit
        self._author = author  # the name the visitor sees on a reply (the agent's operator)
        self._clock = clock
        self.owner = new_owner()

    def _now_ms(self) -> int:
        return int(self._clock() * 1000)

    def queue(self, session_id: str, text: str, kind: str) -> OutboxItem:
        item = OutboxItem(
            session_id=session_id,
            fingerprint=new_fingerprint(),
            kind=kind,
            text=text,
            created_at=self._now_ms(),
            status="queued",
        )
        self._store.enqueue(item)
        self._emit(OutboxChanged(session_id, item.fingerprint))
        return item

    def cancel(self, fingerprint: int) -> bool:
        item = next((i for i in self._store.outbox() if i.fingerprint == fingerprint), None)
        if item is None or not self._store.cancel(fingerprint):  # refused once it is sending
            return False
        self._restore_draft(item)
        self._emit(OutboxChanged(item.session_id, fingerprint))
        return True

    async def resend(self, fingerprint: int) -> bool:
        """The agent decided: send again a reply whose outcome stayed unknown."""
        item = next((i for i in self._store.outbox() if i.fingerprint == fingerprint), None)
        if item is None or not self._store.resend(fingerprint):
            return False
        return await self.deliver(dataclasses.replace(item, unknown_since=0), look_first=True)

    def arrived(self, fingerprints: set[int]) -> None:
        """Messages seen on Crisp (a fetched batch, a live event): a reply waiting on its
        outcome, or queued, whose fingerprint is among them is sent, never sent again."""
        for item in self._store.outbox(statuses=("queued", "unknown")):
            if item.fingerprint in fingerprints:
                self._sent(item)

    def recover(self) -> None:
        """Queue again the replies whose sender's lease lapsed or whose process died: their
        outcome is unknown, so delivery looks them up before anything else."""
        now = self._now_ms()
        for item in self._store.outbox(statuses=("sending",)):
            abandoned = item.lease_until < now or _owner_is_gone(item.owner)
            if abandoned and self._store.requeue_abandoned(item, unknown_since=now):
                self._emit(OutboxChanged(item.session_id, item.fingerprint))

    async def deliver_pending(self) -> list[OutboxItem]:
        """Retry queued replies (after a restart, a network failure, or another window's
        crash), each looked up first; the ones Crisp has now."""
        self.recover()
        return [
            item
            for item in self._store.outbox(statuses=("queued",))
            if await self.deliver(item, look_first=True, announce=False)
        ]

    async def deliver(
        self, item: OutboxItem, *, look_first: bool = False, announce: bool = True
    ) -> bool:
        """Send one queued reply; True once Crisp has it. A transient failure keeps it queued
        (said once when `announce`); a final one puts the text back in the composer."""
        if not self._store.claim(item.fingerprint, self.owner, self._now_ms() + LEASE_MS):
            return False  # cancelled, sent, or being sent by this or another process
        self._emit(OutboxChanged(item.session_id, item.fingerprint))
        renewing = asyncio.create_task(self._keep_lease(item.fingerprint))
        try:
            return await self._attempt(item, look_first or bool(item.unknown_since), announce)
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing

    async def _keep_lease(self, fingerprint: int) -> None:
        while True:
            await asyncio.sleep(LEASE_MS / 3000)
            with contextlib.suppress(StoreError):  # the next renewal may succeed
                self._store.renew_lease(fingerprint, self.owner, self._now_ms() + LEASE_MS)

    async def _attempt(self, item: OutboxItem, look_first: bool, announce: bool) -> bool:
        try:
            if look_first and await self._client.find_message(item.session_id, item.fingerprint):
                return self._sent(item)
        except errors.CrispError as error:  # nothing was sent: the item stays as it was
            self._set(item, "queued", str(error))
            return False
        if item.unknown_since:
            return self._settle(item)
        try:
            await self._client.send_message(
                item.session_id,
                item.text,
                note=item.kind == "note",
                fingerprint=item.fingerprint,
                user=self._author(),
                resend=False,  # an unknown outcome is settled here, over time, not resent
            )
        except errors.CrispError as error:
            self._log_error(error)
            if error.maybe_stored and await self._arrived(item):
                return self._sent(item)
            if error.maybe_stored and _may_still_land(error):
                return self._unknown(item, str(error), announce)
            if isinstance(error, _TRANSIENT):
                self._set(item, "queued", str(error))
                if announce:
                    self._emit(Notice(f"Queued, not sent yet: {error} It will go out by itself."))
                return False
            self._set(item, "failed", str(error))
            self._restore_draft(item)
            self._emit(Notice(f"Not sent: {error} Your text is back in the composer.", "error"))
            return False
        except Exception as error:  # anything else mid-POST: the reply may have arrived
            return self._unknown(item, f"{type(error).__name__} while sending", announce)
        return self._sent(item)

    async def _arrived(self, item: OutboxItem) -> bool:
        """One look right after an unknown outcome (the message is usually stored by then)."""
        try:
            return await self._client.find_message(item.session_id, item.fingerprint)
        except errors.CrispError:
            return False

    def _unknown(self, item: OutboxItem, error: str, announce: bool) -> bool:
        self._set(item, "queued", error, unknown_since=self._now_ms())
        if announce:
            self._emit(
                Notice(
                    "Crisp did not confirm the reply. crisp-tui checks whether it arrived "
                    "before sending anything again.",
                    "warning",
                )
            )
        return False

    def _settle(self, item: OutboxItem) -> bool:
        """Not found (yet) after an unknown outcome: wait out the settle window, then ask."""
        waited = self._now_ms() - item.unknown_since
        if waited < SETTLE_MS:
            self._set(item, "queued", item.error)
            return False
        what = "note" if item.kind == "note" else "reply"
        self._set(
            item,
            "unknown",
            f"Crisp never confirmed it and it has not appeared after {waited // 1000} s: "
            "S sends it again (it may then arrive twice), x drops it",
        )
        self._emit(Notice(f"Could not tell whether your {what} reached Crisp: decide.", "warning"))
        return False

    def _sent(self, item: OutboxItem) -> bool:
        self._set(item, "sent", unknown_since=0)
        return True

    def _set(
        self, item: OutboxItem, status: str, error: str = "", *, unknown_since: int | None = None
    ) -> None:
        self._store.set_outbox_status(item.fingerprint, status, error, unknown_since=unknown_since)
        self._emit(OutboxChanged(item.session_id, item.fingerprint))

    def _restore_draft(self, item: OutboxItem) -> None:
        """Put the text back in the draft, after any new one the agent started."""
        self._store.append_to_draft(item.session_id, item.kind, item.text)
