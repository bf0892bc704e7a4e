"""Editing and deleting the agent's own messages, and applying such changes made anywhere.

A change made here, one a colleague makes (live `message:updated` / `message:removed`) and one
found on a catch-up all end the same way in the store: an edited message carries Crisp's `edited`
flag and its new text; a removed one stays as a tombstone (its content dropped), so the
conversation still says that something was there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from ..crisp.models import REMOVED_KEY, Conversation, Message
from ..untrusted import clean
from .events import InboxEvent, MessagesChanged

if TYPE_CHECKING:
    from .inbox import Inbox

Whose = Literal["mine", "colleague", "operator", "visitor", "system"]
EDITABLE_TYPES = ("text", "note")  # what an agent writes; Crisp takes other shapes too
REMOVED_EXCERPT = "Message deleted"

Act = Callable[[Awaitable[None], str, "Conversation | None"], Awaitable[bool]]


def whose(message: Message, operator_id: str | None) -> Whose:
    """Who wrote it, as far as we can tell: an operator message without a `user_id` was sent
    with this token (by the agent, or a script of theirs), so it counts as the agent's; one with
    a `user_id` is the agent's only when it is `operator_id` ("operator" when that is unset)."""
    if message.type == "event":
        return "system"
    if message.from_visitor:
        return "visitor"
    author = message.user.user_id
    if not author or author == operator_id:
        return "mine"
    return "colleague" if operator_id else "operator"


def refusal(message: Message, operator_id: str | None, *, edit: bool) -> str | None:
    """Why this message cannot be edited (or deleted), in one sentence; None when it can."""
    verb = "edited" if edit else "deleted"
    if message.removed:
        return "That message was deleted already."
    author = whose(message, operator_id)
    if author == "visitor":
        return f"Only your own messages can be {verb}: that one is the visitor's."
    if author == "system":
        return f"That is a conversation event: it cannot be {verb}."
    name = clean(message.user.nickname, single_line=True, max_chars=80) or "an operator"
    if author == "colleague":
        return f"That message is {name}'s (a colleague's): only your own can be {verb}."
    if author == "operator":
        return (
            f"That message is {name}'s, and only your own can be {verb}: set operator_id "
            "(CRISP_OPERATOR_ID; `crisp-tui operators` lists them) if it is yours."
        )
    if edit and message.type not in EDITABLE_TYPES:
        kind = clean(message.type, single_line=True, max_chars=40)
        return f"Only text messages and notes can be edited, not a {kind}; it can be deleted."
    return None


def edited(message: Message, content: Any) -> Message:
    return Message.parse({**message.raw, "content": content, "edited": True})


def tombstone(message: Message) -> Message:
    return Message.parse({**message.raw, "content": "", REMOVED_KEY: True})


class MessageEdits:
    """The inbox's edit and delete actions, and where every edit or removal is applied."""

    def __init__(self, inbox: Inbox, *, act: Act, emit: Callable[[InboxEvent], None]) -> None:
        self._inbox = inbox
        self._act = act
        self._emit = emit

    # --- actions ------------------------------------------------------------------------------

    async def edit(self, session_id: str, fingerprint: int, text: str) -> bool:
        """Replace the text of one of the agent's messages; True when Crisp took it."""
        inbox = self._inbox
        inbox.touch()
        request = inbox.client.edit_message(session_id, fingerprint, text)
        if not await self._act(request, "edit a message of", inbox.conversation(session_id)):
            return False
        self.apply_updated(session_id, fingerprint, text)
        return True

    async def delete(self, session_id: str, fingerprint: int) -> bool:
        """Remove one of the agent's messages; True when Crisp took it."""
        inbox = self._inbox
        inbox.touch()
        request = inbox.client.delete_message(session_id, fingerprint)
        if not await self._act(request, "delete a message of", inbox.conversation(session_id)):
            return False
        self.apply_removed(session_id, fingerprint)
        return True

    # --- changes from any source --------------------------------------------------------------

    def apply_updated(self, session_id: str, fingerprint: int, content: Any) -> None:
        """A message got new content (here, or `message:updated` from a colleague)."""
        cached = self._inbox.store.message(session_id, fingerprint)
        if cached is not None and not cached.removed:
            self._replace(session_id, edited(cached, content))

    def apply_removed(self, session_id: str, fingerprint: int) -> None:
        """A message was removed (here, `message:removed`, or missing on a catch-up)."""
        cached = self._inbox.store.message(session_id, fingerprint)
        if cached is not None and not cached.removed:
            self._replace(session_id, tombstone(cached))

    def keep_tombstones(self, session_id: str, messages: Sequence[Message]) -> list[Message]:
        """`messages` without those we know were removed: a copy from Crisp's edge cache, read
        just after the removal, must not bring one back."""
        store = self._inbox.store
        return [
            m
            for m in messages
            if not ((cached := store.message(session_id, m.fingerprint)) and cached.removed)
        ]

    def removed_from(self, session_id: str, batch: Sequence[Message]) -> None:
        """Mark as removed the cached messages a complete batch from Crisp lacks, between its
        oldest and newest (ends excluded: a tie at the oldest may fall outside the batch, and a
        reply sent after an edge-cached read is newer than the batch)."""
        if len(batch) < 2:
            return
        present = {m.fingerprint for m in batch}
        oldest = min(m.timestamp for m in batch)
        newest = max(m.timestamp for m in batch)
        for cached in self._inbox.store.messages_between(session_id, oldest, newest):
            if cached.fingerprint not in present:
                self.apply_removed(session_id, cached.fingerprint)

    async def recheck(self, session_id: str) -> None:
        """After a reconnection: the newest batch as Crisp has it now. Edits made meanwhile
        come in with it; messages it lacks were removed meanwhile."""
        inbox = self._inbox

        async def fetch() -> None:
            batch = (await inbox.client.get_messages(session_id)).messages
            self.removed_from(session_id, batch)
            inbox.apply_messages(session_id, list(batch))

        await inbox.health.guard(fetch(), background=True)

    def _replace(self, session_id: str, message: Message) -> None:
        inbox = self._inbox
        inbox.store.upsert_messages(session_id, [message])
        self._show_in_row(session_id, message)
        self._emit(MessagesChanged(session_id))

    def _show_in_row(self, session_id: str, message: Message) -> None:
        """The row's last message follows when it is the one that changed."""
        row = self._inbox.conversation(session_id)
        preview = row.raw.get("preview_message") if row else None
        if not isinstance(preview, dict) or preview.get("fingerprint") != message.fingerprint:
            return
        content = message.raw.get("content")
        text = REMOVED_EXCERPT if message.removed else content if isinstance(content, str) else ""
        excerpt = text[:200]
        self._inbox.apply_patch(
            session_id, last_message=excerpt, preview_message={**preview, "excerpt": excerpt}
        )
