"""Visitors who keep writing, as a pure function of the clock.

Event k is due at `start + k * interval`. On each request the dispatcher calls `catch_up(now)`,
which applies every event due since the last call, stamped with its own due time. The same clock
readings therefore always give the same world, in-process or over loopback.

Colleagues read along: every few events one of them opens the conversation a visitor just wrote
in (`session:set_opened`, as the Crisp dashboard announces) and closes it two events later
(`session:set_closed`). That follows from the event's number, not the random stream, so the
visitors' activity stays what it was.
"""

from __future__ import annotations

import random

from crisp_tui.emulator.generate import new_conversation, visitor_message
from crisp_tui.emulator.world import World, as_int

NEW_CONVERSATION_SHARE = 0.2
MAX_BACKLOG = 500  # after a long idle spell, only the most recent events are replayed
HOT_SET = 20
VIEW_EVERY = 4  # event k with k % VIEW_EVERY == 1 opens; the one two later closes


class Activity:
    def __init__(self, world: World, per_minute: float, start_ms: int, rng: random.Random) -> None:
        self.world = world
        self.interval_ms = 60_000 / per_minute if per_minute > 0 else 0.0
        self.start_ms = start_ms
        self.rng = rng
        self._next = 1
        self._created = 0
        self.applied = 0
        self._viewing: tuple[str, dict[str, object]] | None = None  # (session, operator)

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
            session_id = self._event(int(self.start_ms + self._next * self.interval_ms))
            self._colleague_views(self._next, session_id)
            self._next += 1
            count += 1
        self.applied += count
        return count

    def _colleague_views(self, k: int, session_id: str | None) -> None:
        colleagues = [op["details"]["user_id"] for op in self.world.operators[1:]]
        if k % VIEW_EVERY == 3 and self._viewing is not None:
            viewed, operator = self._viewing
            self._viewing = None
            if viewed in self.world.conversations:
                self.world.emit("session:set_closed", viewed, operator=operator)
        elif k % VIEW_EVERY == 1 and session_id and colleagues and self._viewing is None:
            operator = self.world.operator_user(colleagues[k // VIEW_EVERY % len(colleagues)])
            if operator is not None:
                self._viewing = (session_id, operator)
                self.world.emit("session:set_opened", session_id, operator=operator)

    def _event(self, at_ms: int) -> str | None:
        """One visitor writes; the conversation they wrote in."""
        rng = self.rng
        if rng.random() < NEW_CONVERSATION_SHARE:
            self._created += 1
            session_id = new_conversation(self.world, rng, at_ms, 10_000 + self._created)
            self.world.emit("session:request:initiated", session_id)
            visitor_message(self.world, rng, session_id, at_ms, first=True)
            return session_id
        candidates = [
            sid
            for sid, c in self.world.conversations.items()
            if isinstance(c.get("meta"), dict) and c.get("is_blocked") is False
        ]
        if not candidates:
            return None
        if rng.random() < 0.7:
            candidates.sort(
                key=lambda sid: as_int(self.world.conversations[sid].get("updated_at")),
                reverse=True,
            )
            candidates = candidates[:HOT_SET]
        session_id = rng.choice(candidates)
        visitor_message(self.world, rng, session_id, at_ms)
        return session_id
