"""Events the inbox emits after its state changed. The UI listens; it never polls the inbox."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InboxEvent:
    """Base class: everything the inbox emits."""


@dataclass(frozen=True)
class ConversationsChanged(InboxEvent):
    """The list of the current view changed (new page, new filter, a poll brought updates)."""

    changed: frozenset[str] = frozenset()  # session ids whose row changed; empty = everything


@dataclass(frozen=True)
class MessagesChanged(InboxEvent):
    """Messages of one conversation changed: newer ones arrived, or older ones were loaded."""

    session_id: str
    own: bool = False  # the agent's own reply arrived: show it, wherever they had scrolled


@dataclass(frozen=True)
class NewVisitorMessage(InboxEvent):
    """A visitor wrote (seen by polling): the UI may ring the bell or show a toast."""

    session_id: str
    name: str  # untrusted: render through safe_text
    excerpt: str  # untrusted: render through safe_text


@dataclass(frozen=True)
class SyncStatusChanged(InboxEvent):
    """Connection state, last sync time or the request counter changed."""


@dataclass(frozen=True)
class OutboxChanged(InboxEvent):
    """A reply was queued, sent, failed or cancelled."""

    session_id: str
    fingerprint: int


@dataclass(frozen=True)
class DraftsChanged(InboxEvent):
    """A conversation gained or lost an unsent draft (the list marks such rows)."""

    session_id: str


@dataclass(frozen=True)
class ProposalsChanged(InboxEvent):
    """An assistant proposed a reply or note, or one was taken or dismissed (in any window)."""


@dataclass(frozen=True)
class Notice(InboxEvent):
    """One sentence for the agent (an action failed, the quota ran out, a cache was rebuilt)."""

    text: str
    severity: str = "information"  # "information" | "warning" | "error" (Textual's names)


@dataclass(frozen=True)
class PresenceChanged(InboxEvent):
    """Someone started or stopped typing in, or opened or left, a conversation (live only)."""

    session_id: str


@dataclass(frozen=True)
class BulkProgress(InboxEvent):
    """A bulk action is under way: `done` of `total` conversations handled so far."""

    verb: str
    done: int
    total: int


@dataclass(frozen=True)
class VisitorContextChanged(InboxEvent):
    """The visitor history of a conversation arrived (previous conversations, pages browsed)."""

    session_id: str
