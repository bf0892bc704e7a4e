"""Replying to the open conversation: the composer, its drafts, the outbox lines and the send flow.

The main screen says which conversation is open (`open`) and hands over inbox events about its
outbox; everything from the first key typed to the reply leaving (draft saving, the confirmation,
`$EDITOR`, cancelling a queued reply) happens here.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from textual.containers import Vertical
from textual.timer import Timer

from ...inbox.drafts import merge_drafts
from ...inbox.store import StoreError
from .outbox_line import OutboxLine
from .proposal_card import ProposalCard

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.widgets import TextArea
    from textual.widgets.text_area import Location

    from ...inbox.inbox import Inbox
    from ...inbox.proposals import Proposal
    from ...snippets import SnippetFile
    from ..app import CrispApp
    from .composer import Composer, Kind

DRAFT_QUIET = 0.3  # the draft is saved this long after the last key…
DRAFT_MAX_WAIT = 1.0  # …and at least this often while the typing goes on


class RunInbox(Protocol):
    """Runs inbox work in a worker, showing `label` in the status bar until it is done."""

    def __call__(
        self, label: str, work: Callable[[], Awaitable[object]], *, group: str
    ) -> None: ...


class Reply(Vertical):
    """The bottom of the conversation pane: what is queued, and the composer."""

    def __init__(self, inbox: Inbox, *, run: RunInbox, id: str | None = None) -> None:
        super().__init__(id=id)
        self.inbox = inbox
        self.run = run
        self.session_id: str | None = None
        self._composer: Composer | None = None
        self._draft_timer: Timer | None = None
        self._unsaved_since: float | None = None
        self._base = ""  # the stored draft as this window last read or wrote it
        self._saved = True  # False while the store refuses to save
        # Drafts the store refused, by (session id, kind): their base and text.
        self._unsaved: dict[tuple[str, str], tuple[str, str]] = {}

    def compose(self) -> ComposeResult:
        yield ProposalCard(id="proposal")
        yield OutboxLine(id="outbox")

    @property
    def composer(self) -> Composer:
        """The composer, mounted the first time a conversation needs it: its TextArea costs
        ~10 ms of imports and styling that the first frame of the inbox does without."""
        if self._composer is None:
            from .composer import Composer

            self._composer = Composer(id="composer")
            self.mount(self._composer)
        return self._composer

    @property
    def composing(self) -> bool:
        """The composer has the focus."""
        return self._composer is not None and self.screen.focused is self._composer

    def on_unmount(self) -> None:
        """However the app ends (a lost terminal closes it from the input side), the last
        keys are saved."""
        self.flush_draft()

    def show_composing(self) -> None:
        """Mark the composer while it has the focus (short terminals show it only then)."""
        if self._composer is not None:
            self._composer.set_class(self.composing, "-composing")

    # --- the open conversation ----------------------------------------------------------------

    def open(self, session_id: str, recipient: str) -> None:
        """Show `session_id`'s reply draft and outbox (the previous draft is saved first)."""
        self.flush_draft()
        self.session_id = session_id
        composer = self.composer
        composer.set_recipient(recipient)
        composer.kind = "reply"
        self._load_draft()
        self.show_outbox()
        self.show_proposals()
        composer.add_class("-open")

    def set_recipient(self, name: str) -> None:
        self.composer.set_recipient(name)

    def outbox_changed(self) -> None:
        self.show_outbox()
        self.sync_draft()  # a reply refused for good comes back into the draft

    def show_outbox(self) -> None:
        items = self.inbox.pending_sends(self.session_id) if self.session_id else []
        self.query_one(OutboxLine).show_items(items)

    # --- proposals from an assistant -----------------------------------------------------------

    def show_proposals(self) -> None:
        proposals = self.inbox.proposals(self.session_id) if self.session_id else []
        self.query_one(ProposalCard).show_proposals(proposals)

    def _newest_proposal(self) -> Proposal | None:
        proposals = self.inbox.proposals(self.session_id) if self.session_id else []
        if not proposals:
            self.app.notify("No proposal for this conversation.", markup=False)
        return proposals[-1] if proposals else None

    def take_proposal(self) -> None:
        """Put the newest proposal in the composer, below the agent's own draft if there is
        one (a proposal never replaces what the agent wrote), and focus it for editing."""
        proposal = self._newest_proposal()
        if proposal is None:
            return
        if not self.inbox.drop_proposal(proposal):
            self.app.notify("Another window took that proposal already.", markup=False)
            return
        self.flush_draft()
        self.switch_kind("note" if proposal.is_note else "reply")
        composer = self.composer
        own = composer.text.rstrip()
        composer.load_text(f"{own}\n\n{proposal.text}" if own else proposal.text)
        composer.move_cursor(composer.document.end)
        self.flush_draft()
        composer.focus()
        where = "below your draft" if own else "in the composer"
        self.app.notify(
            f"The proposal is {where}: edit it, then ctrl+j to review and send.", markup=False
        )

    def dismiss_proposal(self) -> None:
        proposal = self._newest_proposal()
        if proposal is not None and self.inbox.drop_proposal(proposal):
            self.app.notify("Proposal dismissed.", markup=False)

    # --- drafting -----------------------------------------------------------------------------

    def start(self, kind: Kind) -> None:
        """Write a reply or a note to the open conversation."""
        self.switch_kind(kind)
        self.composer.focus()

    def leave(self) -> None:
        """Save the draft; the caller moves the focus on."""
        self.flush_draft()
        self.inbox.composing.stopped()

    def on_composer_kind_switched(self, event: Composer.KindSwitched) -> None:
        """ctrl+t: what was typed goes with the composer to the other kind."""
        event.stop()
        composer = self.composer
        source: Kind = composer.kind
        target: Kind = "note" if source == "reply" else "reply"
        session_id = self.session_id
        if not composer.text.strip() or session_id is None:
            self.switch_kind(target)
            return
        self.flush_draft()
        if (session_id, source) not in self._unsaved and self._store_safely(
            lambda: self.inbox.move_draft(session_id, source, target)
        ):
            composer.kind = target
            self._load_draft()
        else:  # the store fails: the text stays on screen, saved as the other kind later
            self._unsaved[(session_id, target)] = self._unsaved.pop(
                (session_id, source), (self._base, composer.text)
            )
            composer.kind = target
            self._load_draft()

    def switch_kind(self, kind: Kind) -> None:
        if self.composer.kind != kind:
            self.flush_draft()
            self.composer.kind = kind
            self._load_draft()

    def _load_draft(self) -> None:
        composer = self.composer
        base = text = ""
        if self.session_id:
            key = (self.session_id, composer.kind)
            if key in self._unsaved:  # typed while the store failed: only this window has it
                base, text = self._unsaved[key]
            else:
                base = text = self._read_draft(*key)
        self._base = base
        composer.load_text(text)
        composer.move_cursor(composer.document.end)

    def _read_draft(self, session_id: str, kind: str) -> str:
        try:
            return self.inbox.draft(session_id, kind)
        except StoreError as error:
            self._report_store_error("could not read the draft", error)
            return ""

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Save soon after the typing pauses, and at least every DRAFT_MAX_WAIT while it goes
        on: a killed process or a closed terminal loses at most that much typing."""
        event.stop()
        composer = self.composer
        if self.session_id and composer.kind == "reply" and composer.text and composer.has_focus:
            self.inbox.composing.keystroke(self.session_id)
        now = time.monotonic()
        if self._unsaved_since is None:
            self._unsaved_since = now
        wait = min(DRAFT_QUIET, self._unsaved_since + DRAFT_MAX_WAIT - now)
        if self._draft_timer is not None:
            self._draft_timer.stop()
        if wait <= 0:
            self.flush_draft()
        else:
            self._draft_timer = self.set_timer(wait, self.flush_draft)

    def flush_draft(self) -> None:
        """Write the composer's text to the store now, keeping another window's changes too."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        self._unsaved_since = None
        composer = self._composer
        session_id = self.session_id
        if composer is None or not session_id or composer.sending:
            return
        if composer.text != self._base or (session_id, composer.kind) in self._unsaved:
            self._write(session_id, composer.kind, composer.text)

    def save_before_exit(self) -> int:
        """Save the draft now; how many drafts only this window holds (the store refused them)."""
        self.flush_draft()
        return len(self._unsaved)

    def _write(self, session_id: str, kind: Kind, text: str) -> None:
        try:
            for _ in range(3):  # another window writing at the same moment: merge again
                saved, stored = self.inbox.replace_draft(session_id, kind, self._base, text)
                if saved:
                    self._base = stored
                    break
                text = self._absorb(stored)
                self.app.notify(
                    "Another crisp-tui window changed this draft too: its text is kept below "
                    "yours.",
                    severity="warning",
                    markup=False,
                )
        except StoreError as error:
            self._unsaved[(session_id, kind)] = (self._base, text)
            self._report_store_error("could not save the draft", error)
        else:
            self._unsaved.pop((session_id, kind), None)
            if not self._saved:
                self._saved = True
                self.app.notify("The draft is saved again.", markup=False)

    def _absorb(self, stored: str) -> str:
        """Show `stored` (the store's draft, changed by someone else) merged into ours."""
        composer = self.composer
        merged = merge_drafts(self._base, composer.text, stored)
        self._base = stored
        if merged != composer.text:
            cursor = composer.cursor_location
            composer.load_text(merged)
            composer.move_cursor(cursor)
        return merged

    def _report_store_error(self, what: str, error: StoreError) -> None:
        """Once per failing spell: the text stays in the composer, and the agent knows."""
        if self._saved:
            self._saved = False
            reason = error.__cause__ or error
            self.app.notify(
                f"{what.capitalize()} ({reason}). The text stays in the composer; copy it "
                "somewhere safe if this goes on.",
                severity="error",
                timeout=30,
                markup=False,
            )

    def _store_safely(self, change: Callable[[], object]) -> bool:
        try:
            change()
        except StoreError as error:
            self._report_store_error("could not save the draft", error)
            return False
        return True

    def sync_draft(self) -> None:
        """Take in a change another window (or a reply that came back) made to the draft."""
        composer = self._composer
        session_id = self.session_id
        if composer is None or not session_id or composer.sending:
            return
        stored = self._read_draft(session_id, composer.kind)
        if stored != self._base:
            self._absorb(stored)
            self.flush_draft()

    def on_descendant_focus(self) -> None:
        self.sync_draft()

    def cancel_queued(self) -> None:
        """Cancel the last queued reply of the open conversation; its text returns to the draft,
        after anything already typed there."""
        session_id = self.session_id
        queued = [
            item
            for item in (self.inbox.pending_sends(session_id) if session_id else [])
            if item.status in ("queued", "failed", "unknown")
        ]
        if not queued:
            self.app.notify("Nothing queued to cancel here.", severity="warning", markup=False)
            return
        item = queued[-1]
        self.switch_kind("note" if item.kind == "note" else "reply")
        self.flush_draft()
        had_draft = bool(self.composer.text.strip())
        if not self.inbox.cancel_send(item.fingerprint):
            self.app.notify("Too late: that reply is on its way.", severity="warning", markup=False)
            return
        self.show_outbox()
        self._load_draft()
        where = "after the draft you had started" if had_draft else "back in the composer"
        self.app.notify(f"Queued {item.kind} cancelled; its text is {where}.", markup=False)

    def discard(self) -> None:
        """Throw the draft in the composer away, once the agent confirms."""
        composer = self.composer
        session_id, kind, text = self.session_id, composer.kind, composer.text
        if not text.strip():
            self.app.notify("There is no draft to discard here.", markup=False)
            return
        from ..screens.confirm_send import ConfirmDiscardScreen

        def answered(discard: bool | None) -> None:
            if discard and self.session_id == session_id and composer.kind == kind:
                composer.load_text("")
                self.flush_draft()
                self.app.notify(f"The {kind} draft is discarded.", markup=False)

        self.app.push_screen(ConfirmDiscardScreen(kind, text), answered)

    def resend_unknown(self) -> None:
        """Send again the reply of the open conversation whose outcome stayed unknown: the
        agent read the facts on its outbox line and decided."""
        session_id = self.session_id
        unknown = [
            item
            for item in (self.inbox.pending_sends(session_id) if session_id else [])
            if item.status == "unknown"
        ]
        if session_id is None or not unknown:
            self.app.notify("No reply with an unknown outcome here.", markup=False)
            return
        fingerprint = unknown[-1].fingerprint

        async def work() -> None:
            await self.inbox.resend(session_id, fingerprint)
            self.show_outbox()

        self.run("sending", work, group="send")

    # --- snippets -----------------------------------------------------------------------------

    def on_composer_snippet_wanted(self, event: Composer.SnippetWanted) -> None:
        event.stop()
        self.pick_snippet(event.bang)

    def pick_snippet(self, bang: Location | None = None) -> None:
        """Let the agent pick a snippet and put it in the composer, filled in for the open
        conversation. `bang`: where the `!` that opened the picker was typed (it is replaced);
        without snippets, a `!` is only a `!`."""
        session_id = self.session_id
        if session_id is None:
            return
        book = self._snippets()
        if not book.snippets:
            if bang is None:
                self.app.notify(
                    f"No snippets yet: write them in {book.path} (the README's Canned replies "
                    "shows how).",
                    markup=False,
                )
            return
        from ...snippets import expand, placeholder_values
        from ...snippets.placeholders import missing_sentence
        from ..screens.snippet_picker import SnippetPicker

        values = placeholder_values(self.inbox.conversation(session_id), self.inbox.me)
        picker = SnippetPicker(book.snippets, values, typing=bang is not None)
        composer = self.composer

        def picked(name: str | None) -> None:
            composer.focus()
            snippet = book.named(name) if name else None
            if snippet is None:
                if bang is not None and picker.typed:  # what was typed stays, after the `!`
                    composer.insert(picker.typed, (bang[0], bang[1] + 1))
                return
            expansion = expand(snippet.text, values)
            composer.insert_expansion(expansion, bang)
            if expansion.missing:
                self.app.notify(
                    f"{missing_sentence(expansion.missing)}: replace before sending.",
                    severity="warning",
                    markup=False,
                )

        self.app.push_screen(picker, picked)

    def _snippets(self) -> SnippetFile:
        """The snippets file as it is now; its problems are told once each time it changes."""
        book, fresh = cast("CrispApp", self.app).snippets.load()
        for problem in book.problems if fresh else ():
            self.app.notify(problem, severity="warning", timeout=20, markup=False)
        return book

    # --- sending ------------------------------------------------------------------------------

    def on_composer_send_requested(self, event: Composer.SendRequested) -> None:
        event.stop()
        composer = self.composer
        session_id = self.session_id
        if session_id is None:
            return
        text = composer.text
        if not text.strip():
            self.app.notify(
                "Nothing to send: the draft is empty.", severity="warning", markup=False
            )
            return
        from ...snippets import unfilled
        from ..screens.confirm_send import ConfirmSendScreen, SendRequest

        self.flush_draft()
        kind = composer.kind
        conversation = self.inbox.conversation(session_id)
        name, email = (
            (conversation.display_name, conversation.meta.email) if conversation else ("", "")
        )
        request = SendRequest(
            kind, name or f"Visitor of {session_id}", email, text, unfilled=unfilled(text)
        )

        def confirmed(send: bool | None) -> None:
            if send:
                self._send(session_id, kind, text)
            else:
                composer.focus()

        self.app.push_screen(ConfirmSendScreen(request), confirmed)

    def _send(self, session_id: str, kind: Kind, text: str) -> None:
        composer = self.composer
        composer.sending = True
        self.inbox.composing.stopped(sent=kind == "reply")
        self._unsaved.pop((session_id, kind), None)  # it is in the outbox now

        async def work() -> None:
            try:
                await self.inbox.send(session_id, text, note=kind == "note")
            finally:
                composer.sending = False
                if self.session_id == session_id and composer.kind == kind:
                    self._load_draft()  # empty, or the text back when it could not go out
                    self.show_outbox()

        self.run("sending note" if kind == "note" else "sending", work, group="send")

    # --- $EDITOR ------------------------------------------------------------------------------

    def on_composer_editor_requested(self, event: Composer.EditorRequested) -> None:
        """Edit the draft in $VISUAL or $EDITOR. The temporary file goes only once its text is
        in the composer and saved; text that is not UTF-8 is kept, with replacement marks."""
        event.stop()
        import shlex

        composer = self.composer
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        descriptor, name = tempfile.mkstemp(prefix="crisp-draft-", suffix=".md")
        path = Path(name)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(with_final_newline(composer.text))
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            written = path.read_bytes()
        except Exception as error:  # no terminal to hand over (tests, some hosts), missing editor
            path.unlink(missing_ok=True)  # it holds only what the composer still shows
            self.app.notify(f"Could not run the editor: {error}", severity="error", markup=False)
            return
        text, exact = decode_editor_text(written)
        composer.load_text(text)
        composer.move_cursor(composer.document.end)
        self.flush_draft()
        composer.focus()
        if not exact:
            self.app.notify(
                f"The editor wrote text that is not UTF-8: the bytes that could not be read "
                f"show as �. The file is kept as {path}.",
                severity="warning",
                timeout=30,
                markup=False,
            )
        elif not self._saved:
            self.app.notify(f"The edited text is also kept as {path}.", markup=False)
        else:
            path.unlink(missing_ok=True)


def with_final_newline(text: str) -> str:
    """A text file as editors expect it: every line, the last one too, ends with a newline."""
    return text if not text or text.endswith("\n") else f"{text}\n"


def decode_editor_text(written: bytes) -> tuple[str, bool]:
    """What an editor wrote, as the composer's text (without the file's final newline), and
    whether every byte was UTF-8."""
    try:
        text, exact = written.decode("utf-8"), True
    except UnicodeDecodeError:
        text, exact = written.decode("utf-8", errors="replace"), False
    return text.removesuffix("\n"), exact
