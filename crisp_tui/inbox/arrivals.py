"""Which conversations a visitor wrote in since the last sync, announced without a toast flood."""

from __future__ import annotations

from collections.abc import Callable

from ..crisp.models import Conversation
from .events import InboxEvent, NewVisitorMessage, Notice

_ANNOUNCED_PER_SYNC = 3


class Arrivals:
    def __init__(self, emit: Callable[[InboxEvent], None]) -> None:
        self._emit = emit
        self._seen_previews: dict[str, int] = {}

    def announce(self, rows: list[Conversation], before: dict[str, int]) -> None:
        """One event per conversation a visitor wrote in since `before` (its rows' update
        times); after a long gap (back online, waking up) the rest are summed up in one notice."""
        arrivals = []
        for row in rows:
            preview = row.preview_message
            previous = self._seen_previews.get(row.session_id)
            self._seen_previews[row.session_id] = preview.fingerprint
            moved = row.session_id in before and before[row.session_id] != row.updated_at
            if moved and preview.sender == "user" and previous != preview.fingerprint:
                excerpt = preview.excerpt or row.last_message
                arrivals.append(NewVisitorMessage(row.session_id, row.display_name, excerpt))
        for event in arrivals[:_ANNOUNCED_PER_SYNC]:
            self._emit(event)
        if len(arrivals) > _ANNOUNCED_PER_SYNC:
            more = len(arrivals) - _ANNOUNCED_PER_SYNC
            self._emit(Notice(f"…and {more} more conversations with new visitor messages."))
