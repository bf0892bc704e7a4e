"""Visitors who keep writing, as a pure function of the clock.

Event k is due at `start + k * interval`. On each request the dispatcher calls `catch_up(now)`,
which applies every event due since the last call, stamped with its own due time. The same clock
readings therefore always give the same world, in-process or over loopback.

A visitor starts typing a while before their message lands (`TYPING_LEAD_MS`, at most half the
interval), as in Crisp's chatbox: the next event is planned then (which conversation, what text)
and announced with `message:compose:send` and the first words typed. An event whose typing time
passed unseen (a clock jump) is planned when it falls due, so the random draws, and the world, do
not depend on when the clock was read.

Colleagues read along: every few events one of them opens the conversation a visitor just wrote
in (`session:set_opened`, as the Crisp dashboard announces) and closes it two events later
(`session:set_closed`). That follows from the event's number, not the random stream, so the
visitors' activity stays what it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from crisp_tui.emulator.generate import new_conversation, visitor_message, visitor_text
from crisp_tui.emulator.world import World, as_int

NEW_CONVERSATION_SHARE = 0.2
MAX_BACKLOG = 500  # after a long idle spell, only the most recent events are replayed
HOT_SET = 20
VIEW_EVERY = 4  # event k with k % VIEW_EVERY == 1 opens; the one two later closes
TYPING_LEAD_MS = 4_000


@dataclass(frozen=True)
class _Plan:
    """Event `k`: a new conversation, or a message in `session_id` (None: nobody can write)."""

    k: int
    new: bool
    session_id: str | None = None
    text: str = ""


class Activity:
    def __init__(self, world: World, per_minute: float, start_ms: int, rng: random.Random) -> None:
        self.world = world
        self.interval_ms = 60_000 / per_minute if per_minute > 0 else 0.0
        self.typing_lead_ms = min(TYPING_LEAD_MS, self.interval_ms / 2)
        self.start_ms = start_ms
        self.rng = rng
        self._next = 1
        self._planned: _Plan | None = None  # the next event, once its visitor started typing
        self._created = 0
        self.applied = 0
        self._viewing: tuple[str, dict[str, object]] | None = None  # (session, operator)

    def next_due_ms(self) -> int | None:
        """When the next visitor typing or event falls due (None when activity is off)."""
        if not self.interval_ms:
            return None
        due = self._due_ms(self._next)
        typing = self._planned is None or self._planned.k != self._next
        return int(due - self.typing_lead_ms) if typing else int(due)

    def catch_up(self, now_ms: int) -> int:
        if not self.interval_ms:
            return 0
        due = int((now_ms - self.start_ms) // self.interval_ms)
        count = 0
        if due >= self._next:
            self._next = max(self._next, due - MAX_BACKLOG + 1)
            while self._next <= due:
                session_id = self._event(int(self._due_ms(self._next)), self._plan(self._next))
                self._colleague_views(self._next, session_id)
                self._next += 1
                count += 1
            self.applied += count
        self._start_typing(now_ms)
        return count

    def _due_ms(self, k: int) -> float:
        return self.start_ms + k * self.interval_ms

    def _start_typing(self, now_ms: int) -> None:
        """The next event's visitor starts typing once its lead time has come."""
        k = self._next
        typing_at = self._due_ms(k) - self.typing_lead_ms
        if now_ms < typing_at or (self._planned is not None and self._planned.k == k):
            return
        plan = self._planned = self._plan(k)
        if plan.session_id is not None:
            typed = plan.text[: max(1, len(plan.text) // 2)]  # half of it so far
            self.world.emit(
                "message:compose:send",
                plan.session_id,
                type="start",
                excerpt=typed,
                timestamp=int(typing_at),
            )

    def _plan(self, k: int) -> _Plan:
        """Who writes event `k`, and what (drawn once: when they start typing, or now)."""
        if self._planned is not None and self._planned.k == k:
            return self._planned
        rng = self.rng
        if rng.random() < NEW_CONVERSATION_SHARE:
            return _Plan(k, new=True)
        candidates = [
            sid
            for sid, c in self.world.conversations.items()
            if isinstance(c.get("meta"), dict) and c.get("is_blocked") is False
        ]
        if not candidates:
            return _Plan(k, new=False)
        if rng.random() < 0.7:
            candidates.sort(
                key=lambda sid: as_int(self.world.conversations[sid].get("updated_at")),
                reverse=True,
            )
            candidates = candidates[:HOT_SET]
        session_id = rng.choice(candidates)
        return _Plan(
            k, new=False, session_id=session_id, text=visitor_text(self.world, rng, session_id)
        )

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

    def _event(self, at_ms: int, plan: _Plan) -> str | None:
        """One visitor writes; the conversation they wrote in."""
        world, rng = self.world, self.rng
        if plan.new:
            self._created += 1
            session_id = new_conversation(world, rng, at_ms, 10_000 + self._created)
            world.emit("session:request:initiated", session_id)
            visitor_message(world, rng, session_id, at_ms, first=True)
            return session_id
        session_id = plan.session_id
        conversation = world.conversations.get(session_id) if session_id else None
        if (
            session_id is None
            or conversation is None
            or conversation.get("is_blocked") is not False
        ):
            return None  # nobody, or removed or blocked while they typed: no message comes
        visitor_message(world, rng, session_id, at_ms, text=plan.text)
        return session_id
