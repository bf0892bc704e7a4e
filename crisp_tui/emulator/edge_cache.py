"""Crisp's edge cache: right after a write, GETs may be served an older copy (`Bloom-Status: HIT`).

With the `stale_reads` fault set to N, each write to a conversation makes the next N reads of the
API (single conversation, list pages, state, meta, routing) see the conversation as it was before
that write. Messages are not cached here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from crisp_tui.emulator.world import World

HIT_HEADER = ("Bloom-Status", "HIT")


class EdgeCache:
    def __init__(self) -> None:
        self._stale: dict[str, list[Any]] = {}  # session id -> [old copy, reads left]
        self.hits = 0  # reads answered with an old copy

    def before_write(self, world: World, session_id: str | None, reads: int) -> Any:
        """A copy of the conversation about to change, if stale reads are on."""
        if reads <= 0 or session_id not in world.conversations:
            return None
        if session_id in self._stale:  # the copy already served stays the one served
            return None
        return copy.deepcopy(world.conversations[session_id])

    def after_write(self, session_id: str, before: Any, reads: int) -> None:
        if before is not None:
            self._stale[session_id] = [before, reads]

    @contextmanager
    def serving(self, world: World) -> Iterator[bool]:
        """Within: the world shows the cached copies; yields whether any was served."""
        live = {sid: world.conversations[sid] for sid in self._stale if sid in world.conversations}
        for session_id in live:
            world.conversations[session_id] = self._stale[session_id][0]
        self.hits += bool(live)
        try:
            yield bool(live)
        finally:
            world.conversations.update(live)
            for session_id in list(self._stale):
                self._stale[session_id][1] -= 1
                if self._stale[session_id][1] <= 0 or session_id not in live:
                    del self._stale[session_id]

    def clear(self) -> None:
        self._stale.clear()
