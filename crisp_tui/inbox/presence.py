"""Who is typing in, and who has open, each conversation: known only from live events.

The text kept here (typing excerpts, operator names) is untrusted: the UI cleans it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .events import InboxEvent, PresenceChanged


@dataclass(frozen=True)
class Typing:
    excerpt: str


class Presence:
    def __init__(self, emit: Callable[[InboxEvent], None]) -> None:
        self._emit = emit
        self._typing: dict[str, Typing] = {}
        self._viewers: dict[str, dict[str, str]] = {}  # session → operator id → name

    def visitor_typing(self, session_id: str) -> Typing | None:
        return self._typing.get(session_id)

    def viewers(self, session_id: str, *, besides: str | None = None) -> list[str]:
        """Names of the operators who have the conversation open (but `besides`, i.e. me)."""
        found = self._viewers.get(session_id, {})
        return [name for user_id, name in found.items() if user_id != besides]

    def set_visitor_typing(self, session_id: str, excerpt: str | None) -> None:
        """`excerpt` None: the visitor stopped (or sent)."""
        before = self._typing.get(session_id)
        if excerpt is None:
            self._typing.pop(session_id, None)
        else:
            self._typing[session_id] = Typing(excerpt)
        if self._typing.get(session_id) != before:
            self._emit(PresenceChanged(session_id))

    def set_viewing(self, session_id: str, user_id: str, name: str, opened: bool) -> None:
        viewers = self._viewers.setdefault(session_id, {})
        before = dict(viewers)
        if opened:
            viewers[user_id] = name or user_id
        else:
            viewers.pop(user_id, None)
        if viewers != before:
            self._emit(PresenceChanged(session_id))
