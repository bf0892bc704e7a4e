"""Who is typing in, and who has open, each conversation: known only from live events.

A visitor who closes the chatbox mid-sentence, or loses the network, sends no `stop`: typing
is forgotten TYPING_FORGOTTEN_S after their last compose event, as Crisp's dashboard stops
showing it, rather than shown for ever. The text kept here (typing excerpts, operator names) is
untrusted: the UI cleans it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .events import InboxEvent, PresenceChanged

TYPING_FORGOTTEN_S = 30.0


@dataclass(frozen=True)
class Typing:
    excerpt: str
    since: float  # when the last compose event came (the inbox's clock)

    @property
    def until(self) -> float:
        return self.since + TYPING_FORGOTTEN_S


class Presence:
    def __init__(
        self, emit: Callable[[InboxEvent], None], clock: Callable[[], float] = time.time
    ) -> None:
        self._emit = emit
        self._clock = clock
        self._typing: dict[str, Typing] = {}
        self._viewers: dict[str, dict[str, str]] = {}  # session → operator id → name

    def visitor_typing(self, session_id: str) -> Typing | None:
        typing = self._typing.get(session_id)
        return typing if typing is not None and self._clock() < typing.until else None

    def viewers(self, session_id: str, *, besides: str | None = None) -> list[str]:
        """Names of the operators who have the conversation open (but `besides`, i.e. me)."""
        found = self._viewers.get(session_id, {})
        return [name for user_id, name in found.items() if user_id != besides]

    def set_visitor_typing(self, session_id: str, excerpt: str | None) -> None:
        """`excerpt` None: the visitor stopped (or sent)."""
        before = self.visitor_typing(session_id)
        if excerpt is None:
            self._typing.pop(session_id, None)
        else:
            self._typing[session_id] = Typing(excerpt, self._clock())
        if excerpt != (before.excerpt if before else None):
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
