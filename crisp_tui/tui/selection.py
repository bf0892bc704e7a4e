"""The conversations the agent selected for a bulk action, in the order they were selected."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator


class Selection:
    def __init__(self) -> None:
        self._ids: dict[str, None] = {}  # a set that keeps its order

    def __len__(self) -> int:
        return len(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    def __contains__(self, session_id: object) -> bool:
        return session_id in self._ids

    def toggle(self, session_id: str) -> bool:
        """Select or unselect; whether it is selected now."""
        if session_id in self._ids:
            del self._ids[session_id]
            return False
        self._ids[session_id] = None
        return True

    def add(self, session_ids: Iterable[str]) -> None:
        self._ids.update(dict.fromkeys(session_ids))

    def replace(self, session_ids: Iterable[str]) -> None:
        self._ids = dict.fromkeys(session_ids)

    def clear(self) -> None:
        self._ids = {}

    def keep_only(self, listed: Collection[str]) -> bool:
        """Drop what is no longer listed (it left the view); whether anything was dropped."""
        kept = {s: None for s in self._ids if s in listed}
        dropped = len(kept) != len(self._ids)
        self._ids = kept
        return dropped
