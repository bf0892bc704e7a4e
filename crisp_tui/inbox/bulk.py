"""Bulk triage: one action on many conversations, applied to our copy as Crisp takes it, and
undoable as a whole like a single action.

Resolve, unresolve, read, unread and (un)assign go through Crisp's batch routes (one request per
50 conversations); pending has none, so it is one request each, with `BulkProgress` events.
The result names every conversation that was not changed and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass

from ..crisp import errors
from ..crisp.batch import Progress, SessionOutcome, distinct, in_batches, one_by_one
from ..crisp.client import CrispClient
from ..crisp.models import Conversation
from .events import BulkProgress, InboxEvent, Notice
from .undo import UndoSlot

Guard = Callable[..., Awaitable[bool]]  # SyncHealth.guard


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did: the conversations Crisp changed, and those it did not, each with
    one sentence saying why."""

    verb: str
    done: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]

    @property
    def total(self) -> int:
        return len(self.done) + len(self.failed)


@dataclass(frozen=True)
class _Field:
    """One thing a bulk action sets: how to read it from a conversation, send a new value for
    many, and patch our copy."""

    current: Callable[[Conversation], Hashable]
    send: Callable[[list[str], Hashable, Progress], Awaitable[list[SessionOutcome]]]
    changes: Callable[[Conversation, Hashable], dict[str, object]]


class BulkActions:
    def __init__(
        self,
        client: CrispClient,
        *,
        conversation: Callable[[str], Conversation | None],
        apply_patch: Callable[..., None],
        guard: Guard,
        emit: Callable[[InboxEvent], None],
        undo: UndoSlot,
        touch: Callable[[], None],
    ) -> None:
        self._client = client
        self._conversation = conversation
        self._apply_patch = apply_patch
        self._guard = guard
        self._emit = emit
        self._undo = undo
        self._touch = touch
        self._state = _Field(lambda c: c.state, self._send_state, _state_changes)
        self._unread = _Field(
            lambda c: c.unread_operator > 0,
            self._send_unread,
            _unread_changes,
        )
        self._assigned = _Field(
            lambda c: c.assigned_user_id,
            self._send_assigned,
            lambda c, user_id: {"assigned": {"user_id": user_id} if user_id else None},
        )

    # --- the actions ----------------------------------------------------------------------

    async def set_state(self, session_ids: Sequence[str], state: str) -> BulkResult:
        verb = {"resolved": "resolve", "pending": "mark pending"}.get(state, "reopen")
        return await self._act(verb, session_ids, self._state, state)

    async def mark_read(self, session_ids: Sequence[str]) -> BulkResult:
        return await self._act("mark read", session_ids, self._unread, False)

    async def mark_unread(self, session_ids: Sequence[str]) -> BulkResult:
        return await self._act("mark unread", session_ids, self._unread, True)

    async def assign(self, session_ids: Sequence[str], user_id: str | None) -> BulkResult:
        verb = "assign" if user_id else "unassign"
        return await self._act(verb, session_ids, self._assigned, user_id)

    # --- how each field is sent -----------------------------------------------------------

    async def _send_state(
        self, ids: list[str], state: Hashable, progress: Progress
    ) -> list[SessionOutcome]:
        client = self._client
        if state == "pending":  # no batch route: one request each
            return await one_by_one(
                lambda s: self._checked(client.set_state(s, "pending")), ids, progress=progress
            )
        batch = client.batch_resolve if state == "resolved" else client.batch_unresolve
        return await in_batches(lambda chunk: self._checked(batch(chunk)), ids, progress=progress)

    async def _send_unread(
        self, ids: list[str], unread: Hashable, progress: Progress
    ) -> list[SessionOutcome]:
        client = self._client
        batch = client.batch_mark_unread if unread else client.batch_mark_read
        return await in_batches(lambda chunk: self._checked(batch(chunk)), ids, progress=progress)

    async def _send_assigned(
        self, ids: list[str], user_id: Hashable, progress: Progress
    ) -> list[SessionOutcome]:
        assign = self._client.batch_assign
        who = str(user_id) if user_id else None
        return await in_batches(
            lambda chunk: self._checked(assign(chunk, who)), ids, progress=progress
        )

    async def _checked(self, request: Awaitable[None]) -> None:
        """Run a request through sync health (online, offline, quota pause), keeping its error
        for the outcome of the conversations it was for."""
        failure: list[errors.CrispError] = []

        async def step() -> None:
            try:
                await request
            except errors.CrispError as error:
                failure.append(error)
                raise

        if not await self._guard(step(), quiet=True):
            raise failure[0] if failure else errors.CrispError("Crisp did not answer.")

    # --- doing and undoing ----------------------------------------------------------------

    async def _act(
        self, verb: str, session_ids: Sequence[str], field: _Field, value: Hashable
    ) -> BulkResult:
        """Set `value` on every conversation, patch our copies as Crisp takes them, and remember
        how to put back what each had."""
        self._touch()
        ids = distinct(session_ids)
        before = {s: c for s in ids if (c := self._conversation(s)) is not None}
        outcomes = await field.send(ids, value, self._progress(verb))
        for outcome in outcomes:
            row = before.get(outcome.session_id)
            if outcome.ok and row is not None:
                self._apply_patch(outcome.session_id, **field.changes(row, value))
        done = tuple(o.session_id for o in outcomes if o.ok)
        changed = {s: before[s] for s in done if s in before}
        if changed:

            async def put_back() -> bool:
                return await self._revert(field, value, changed)

            self._undo.remember(tuple(changed), put_back)
        return BulkResult(verb, done, _failures(outcomes))

    async def _revert(
        self, field: _Field, value: Hashable, before: dict[str, Conversation]
    ) -> bool:
        """Give each conversation back what it had: one batch per earlier value."""
        groups: dict[Hashable, list[str]] = defaultdict(list)
        for session_id, row in before.items():
            if field.current(row) != value:
                groups[field.current(row)].append(session_id)
        failed: list[SessionOutcome] = []
        for earlier, ids in groups.items():
            for outcome in await field.send(ids, earlier, self._progress("undo")):
                if not outcome.ok:
                    failed.append(outcome)
                    continue
                row = before[outcome.session_id]
                keys = field.changes(row, value)  # what the action changed goes back
                self._apply_patch(outcome.session_id, **{key: row.raw.get(key) for key in keys})
        if failed:
            reason = str(failed[0].error)
            self._emit(Notice(f"Not undone for {len(failed)} of {len(before)}: {reason}", "error"))
        return not failed

    def _progress(self, verb: str) -> Progress:
        return lambda done, total: self._emit(BulkProgress(verb, done, total))


def _state_changes(row: Conversation, state: Hashable) -> dict[str, object]:
    """As a single change of state: a resolved conversation waits for nobody."""
    return {"state": state, **({"waiting_since": None} if state == "resolved" else {})}


def _unread_changes(row: Conversation, unread: Hashable) -> dict[str, object]:
    operator = max(1, row.unread_operator) if unread else 0
    return {"unread": {"operator": operator, "visitor": row.unread_visitor}}


def _failures(outcomes: list[SessionOutcome]) -> tuple[tuple[str, str], ...]:
    return tuple((o.session_id, str(o.error)) for o in outcomes if o.error is not None)
