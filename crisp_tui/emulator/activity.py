"""Visitors who keep writing, as a pure function of the clock.

Event k is due at `start + k * interval`. On each request the dispatcher calls `catch_up(now)`,
which applies every event due since the last call, stamped with its own due time. The same clock
readings therefore always give the same world, in-process or over loopback.
"""

from __future__ import annotations

import random

from crisp_tui.emulator.generate import new_conversation, visitor_message
from crisp_tui.emulator.world import World, as_int

NEW_CONVERSATION_SHARE = 0.2
MAX_BACKLOG = 500  # after a long idle spell, only the most recent events are replayed
HOT_SET = 20


class Activity:
    def __init__(self, world: World, per_minute: float, start_ms: int, rng: random.Random) -> None:
        self.world = world
        self.interval_ms = 60_000 / per_minute if per_minute > 0 else 0.0
        self.start_ms = start_ms
        self.rng = rng
        self._next = 1
        self._created = 0
        self.applied = 0

    def next_due_ms(self) -> int | None:
        """When the next visitor event falls due (None when activity is off)."""
        return int(self.start_ms + self._next * self.interval_ms) if self.interval_ms else None

    def catch_up(self, now_ms: int) -> int:
        if not self.interval_ms:
            return 0
        due = int((now_ms - self.start_ms) // self.interval_ms)
        if due < self._next:
            return 0
        self._next = max(self._next, due - MAX_BACKLOG + 1)
        count = 0
        while self._next <= due:
            self._event(int(self.start_ms + self._next * self.interval_ms))
            self._next += 1
            count += 1
        self.applied += count
        return count

    def _event(self, at_ms: int) -> None:
        rng = self.rng
        if rng.random() < NEW_CONVERSATION_SHARE:
            self._created += 1
            session_id = new_conversation(self.world, rng, at_ms, 10_000 + self._created)
            self.world.emit("session:request:initiated", session_id)
            visitor_message(self.world, rng, session_id, at_ms, first=True)
            return
        candidates = [
            sid
            for sid, c in self.world.conversations.items()
            if isinstance(c.get("meta"), dict) and c.get("is_blocked") is False
        ]
        if not candidates:
            return
        if rng.random() < 0.7:
            candidates.sort(
                key=lambda sid: as_int(self.world.conversations[sid].get("updated_at")),
                reverse=True,
            )
            candidates = candidates[:HOT_SET]
        visitor_message(self.world, rng, rng.choice(candidates), at_ms)
