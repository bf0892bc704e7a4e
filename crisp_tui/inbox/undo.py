"""The agent's last action, undoable for a few seconds: how to put back what it changed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

UNDO_SECONDS = 10.0


@dataclass(frozen=True)
class Undoable:
    session_ids: tuple[str, ...]  # one, or the conversations of a bulk action
    revert: Callable[[], Awaitable[bool]]  # True when Crisp took the revert
    until: float

    @property
    def session_id(self) -> str:
        return self.session_ids[0]


class UndoSlot:
    """Holds one undoable action (the newest replaces the last) until its time runs out."""

    def __init__(self, clock: Callable[[], float], seconds: float = UNDO_SECONDS) -> None:
        self._clock = clock
        self._seconds = seconds
        self._last: Undoable | None = None

    def remember(
        self, session_ids: str | Sequence[str], revert: Callable[[], Awaitable[bool]]
    ) -> None:
        ids = (session_ids,) if isinstance(session_ids, str) else tuple(session_ids)
        self._last = Undoable(ids, revert, self._clock() + self._seconds)

    @property
    def pending(self) -> Undoable | None:
        """The action that can still be undone, if any."""
        last = self._last
        return last if last is not None and self._clock() <= last.until else None

    def take(self) -> Undoable | None:
        """The action to undo now; it cannot be undone twice."""
        last, self._last = self.pending, None
        return last
