"""Bulk triage on the main screen: with conversations selected, an action key asks once (how
many, and which), then acts on all of them through `Inbox.bulk`. The status bar counts the
progress; one notice sums up, names what failed (those stay selected) and says how to undo."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..inbox.bulk import BulkResult
from ..inbox.events import BulkProgress
from .bindings import key_hint, keymap_of
from .safe_text import clean
from .selection import Selection

if TYPE_CHECKING:
    from .screens.main import MainScreen

NAMED_IN_NOTICE = 3  # failed conversations named in the summary; the rest are counted


@dataclass(frozen=True)
class Phrase:
    """How one bulk action is said, for a given number of conversations."""

    action: str  # "Resolve 3 conversations"
    done: str  # "Resolved 3 conversations"
    busy: str  # "resolving" (the status bar)
    yes: str  # "Resolve (y)"

    @property
    def ask(self) -> str:
        return f"{self.action}?"

    @property
    def failed(self) -> str:
        return f"could not {self.action[0].lower()}{self.action[1:]}"


def conversations(count: int) -> str:
    return f"{count} conversation{'' if count == 1 else 's'}"


def _phrase(verb: str, busy: str, *, done: str, after: str = "") -> Callable[[int], Phrase]:
    def said(count: int) -> Phrase:
        what = conversations(count) + after
        return Phrase(f"{verb} {what}", f"{done} {what}", busy, f"{verb} (y)")

    return said


STATE_PHRASES = {
    "resolved": _phrase("Resolve", "resolving", done="Resolved"),
    "unresolved": _phrase("Reopen", "reopening", done="Reopened"),
    "pending": _phrase("Mark", "marking pending", done="Marked", after=" pending"),
}
READ_PHRASE = _phrase("Mark", "marking read", done="Marked", after=" read")
UNREAD_PHRASE = _phrase("Mark", "marking unread", done="Marked", after=" unread")
UNASSIGN_PHRASE = _phrase("Unassign", "unassigning", done="Unassigned")


class BulkTriage:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.selection = Selection()
        self._busy = ""

    # --- the actions ----------------------------------------------------------------------

    def set_state(self, state: str) -> None:
        inbox = self.screen.inbox
        self._ask(STATE_PHRASES[state], lambda ids: inbox.bulk.set_state(ids, state))

    def assign(self, user_id: str | None) -> None:
        inbox = self.screen.inbox
        if user_id is None:
            phrase = UNASSIGN_PHRASE
        else:
            who = "you" if user_id == inbox.settings.operator_id else self._operator(user_id)
            phrase = _phrase("Assign", "assigning", done="Assigned", after=f" to {who}")
        self._ask(phrase, lambda ids: inbox.bulk.assign(ids, user_id))

    def mark_read(self, read: bool) -> None:
        bulk = self.screen.inbox.bulk
        if read:
            self._ask(READ_PHRASE, bulk.mark_read)
        else:
            self._ask(UNREAD_PHRASE, bulk.mark_unread)

    def progress(self, event: BulkProgress) -> None:
        """One request per conversation (pending) shows how far it got."""
        if self._busy:
            self.screen.status_bar.busy = f"{self._busy} {event.done}/{event.total}"

    # --- asking, acting, saying -----------------------------------------------------------

    def _ask(
        self, phrase_for: Callable[[int], Phrase], run: Callable[[list[str]], Awaitable[BulkResult]]
    ) -> None:
        ids = list(self.selection)
        phrase = phrase_for(len(ids))
        screen = self.screen
        names = [self._name(session_id) for session_id in ids]

        def answered(yes: bool | None) -> None:
            if yes:
                work = lambda: self._run(phrase_for, ids, run)  # noqa: E731
                screen.run_inbox(phrase.busy, work, group="action")

        from .screens.confirm_bulk import ConfirmBulkScreen  # modals load on first use

        confirm = ConfirmBulkScreen(phrase.ask, names, yes=phrase.yes, undo_key=self._undo_key())
        screen.app.push_screen(confirm, answered)

    async def _run(
        self,
        phrase_for: Callable[[int], Phrase],
        ids: list[str],
        run: Callable[[list[str]], Awaitable[BulkResult]],
    ) -> None:
        self._busy = phrase_for(len(ids)).busy
        try:
            result = await run(ids)
        finally:
            self._busy = ""
        self._report(phrase_for, result)
        self.selection.replace(session_id for session_id, _ in result.failed)  # to try again
        self.screen.show_selection()

    def _report(self, phrase_for: Callable[[int], Phrase], result: BulkResult) -> None:
        notify = self.screen.app.notify
        phrase = phrase_for(len(result.done))
        if not result.failed:
            self.screen.note_done(phrase.done)
            notify(f"{phrase.done} · {self._undo_key()} to undo", markup=False)
            return
        failed = [session_id for session_id, _ in result.failed]
        named = ", ".join(self._name(session_id) for session_id in failed[:NAMED_IN_NOTICE])
        more = len(failed) - NAMED_IN_NOTICE
        named += f" and {more} more" if more > 0 else ""
        reason = clean(result.failed[0][1], max_chars=200, single_line=True)
        if not result.done:
            failure = phrase_for(len(failed)).failed
            notify(f"Not done: {failure} ({named}). {reason}", severity="error", markup=False)
            return
        self.screen.note_done(phrase.done)
        not_done = f"Not done for {len(failed)} (still selected): {named}. {reason}"
        notify(
            f"{phrase.done} · {self._undo_key()} to undo. {not_done}",
            severity="warning",
            markup=False,
        )

    def _name(self, session_id: str) -> str:
        conversation = self.screen.inbox.conversation(session_id)
        name = conversation.display_name if conversation else session_id
        return clean(name, max_chars=60, single_line=True)

    def _operator(self, user_id: str) -> str:
        operators = self.screen.inbox.operators
        operator = next((op for op in operators if op.user_id == user_id), None)
        return clean(operator.display_name if operator else user_id, max_chars=60, single_line=True)

    def _undo_key(self) -> str:
        return key_hint("undo", keymap_of(self.screen.app))
