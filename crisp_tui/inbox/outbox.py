"""Confirmed replies on their way to Crisp, delivered exactly once.

A reply gets its fingerprint when the agent confirms it and is written to the store before the
first attempt, so a crash, a dead network or a failed send loses nothing. Before any resend the
fingerprint is looked up on Crisp: a reply whose first attempt did arrive is never sent again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from ..crisp import errors
from ..crisp.client import CrispClient, new_fingerprint
from ..crisp.transport import RETRYABLE
from .events import InboxEvent, Notice, OutboxChanged
from .store import OutboxItem, Store

# Errors after which the reply stays queued and is retried later; anything else is final.
_TRANSIENT = (*RETRYABLE, errors.MalformedResponseError, errors.QuotaExceededError)


class Outbox:
    def __init__(
        self,
        client: CrispClient,
        store: Store,
        emit: Callable[[InboxEvent], None],
        author: Callable[[], Mapping[str, str] | None] = lambda: None,
    ) -> None:
        self._client = client
        self._store = store
        self._emit = emit
        self._author = author  # the name the visitor sees on a reply (the agent's operator)

    def queue(self, session_id: str, text: str, kind: str) -> OutboxItem:
        item = OutboxItem(
            session_id=session_id,
            fingerprint=new_fingerprint(),
            kind=kind,
            text=text,
            created_at=int(time.time() * 1000),
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

    def recover(self) -> None:
        """At start: replies left "sending" by a process that died are queued again (delivery
        looks each one up on Crisp first, so one that did arrive is not sent twice), and the
        sent and cancelled ones are forgotten."""
        for item in self._store.outbox(statuses=("sending",)):
            self._store.set_outbox_status(item.fingerprint, "queued", item.error)
        self._store.purge_outbox()  # sent and cancelled items are history, not work

    async def deliver_pending(self) -> list[OutboxItem]:
        """Retry queued replies (after a restart or a network failure), looking each up first;
        the ones Crisp has now."""
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
        if not self._store.claim(item.fingerprint):
            return False  # cancelled, sent, or being sent by this or another process
        self._emit(OutboxChanged(item.session_id, item.fingerprint))
        try:
            already_there = look_first and await self._client.find_message(
                item.session_id, item.fingerprint
            )
            if not already_there:
                await self._client.send_message(
                    item.session_id,
                    item.text,
                    note=item.kind == "note",
                    fingerprint=item.fingerprint,
                    user=self._author(),
                )
            self._set(item, "sent")
            return True
        except _TRANSIENT as error:
            self._set(item, "queued", str(error))
            if announce:
                self._emit(Notice(f"Queued, not sent yet: {error} It will go out by itself."))
        except errors.CrispError as error:
            self._set(item, "failed", str(error))
            self._restore_draft(item)
            self._emit(Notice(f"Not sent: {error} Your text is back in the composer.", "error"))
        return False

    def _set(self, item: OutboxItem, status: str, error: str = "") -> None:
        self._store.set_outbox_status(item.fingerprint, status, error)
        self._emit(OutboxChanged(item.session_id, item.fingerprint))

    def _restore_draft(self, item: OutboxItem) -> None:
        """Put the text back in the draft, after any new one the agent started."""
        self._store.append_to_draft(item.session_id, item.kind, item.text)
