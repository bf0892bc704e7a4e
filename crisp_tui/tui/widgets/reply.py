"""Replying to the open conversation: the composer, its drafts, the outbox lines and the send flow.

The main screen says which conversation is open (`open`) and hands over inbox events about its
outbox; everything from the first key typed to the reply leaving (draft saving, the confirmation,
`$EDITOR`, cancelling a queued reply) happens here.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.containers import Vertical
from textual.timer import Timer

from .outbox_line import OutboxLine
from .proposal_card import ProposalCard

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.widgets import TextArea

    from ...inbox.inbox import Inbox
    from ...inbox.proposals import Proposal
    from .composer import Composer, Kind

DRAFT_SAVE_DELAY = 0.3


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
        self._restore_failed_draft()

    def show_outbox(self) -> None:
        items = self.inbox.pending_sends(self.session_id) if self.session_id else []
        self.query_one(OutboxLine).show_items(items)

    def _restore_failed_draft(self) -> None:
        """A reply that failed for good comes back as the draft: put it in an empty composer."""
        composer = self.composer
        if self.session_id and not composer.sending and not composer.text:
            draft = self.inbox.draft(self.session_id, composer.kind)
            if draft:
                composer.load_text(draft)

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

    def on_composer_kind_switched(self, event: Composer.KindSwitched) -> None:
        event.stop()
        self.switch_kind("note" if self.composer.kind == "reply" else "reply")

    def switch_kind(self, kind: Kind) -> None:
        if self.composer.kind != kind:
            self.flush_draft()
            self.composer.kind = kind
            self._load_draft()

    def _load_draft(self) -> None:
        composer = self.composer
        text = self.inbox.draft(self.session_id, composer.kind) if self.session_id else ""
        composer.load_text(text)
        composer.move_cursor(composer.document.end)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self.flush_draft)

    def flush_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        composer = self._composer
        if composer is not None and self.session_id and not composer.sending:
            self.inbox.save_draft(self.session_id, composer.kind, composer.text)

    def cancel_queued(self) -> None:
        """Cancel the last queued reply of the open conversation; its text returns to the draft."""
        session_id = self.session_id
        queued = [
            item
            for item in (self.inbox.pending_sends(session_id) if session_id else [])
            if item.status in ("queued", "failed")
        ]
        if not queued:
            self.app.notify("Nothing queued to cancel here.", severity="warning", markup=False)
            return
        item = queued[-1]
        self.flush_draft()
        if not self.inbox.cancel_send(item.fingerprint):
            self.app.notify("Too late: that reply is on its way.", severity="warning", markup=False)
            return
        self.show_outbox()
        self.switch_kind("note" if item.kind == "note" else "reply")
        self._load_draft()
        self.app.notify("Queued reply cancelled; its text is back in the composer.", markup=False)

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
        from ..screens.confirm_send import ConfirmSendScreen, SendRequest

        self.flush_draft()
        kind = composer.kind
        conversation = self.inbox.conversation(session_id)
        name, email = (
            (conversation.display_name, conversation.meta.email) if conversation else ("", "")
        )
        request = SendRequest(kind, name or f"Visitor of {session_id}", email, text)

        def confirmed(send: bool | None) -> None:
            if send:
                self._send(session_id, kind, text)
            else:
                composer.focus()

        self.app.push_screen(ConfirmSendScreen(request), confirmed)

    def _send(self, session_id: str, kind: Kind, text: str) -> None:
        composer = self.composer
        composer.sending = True

        async def work() -> None:
            try:
                await self.inbox.send(session_id, text, note=kind == "note")
            finally:
                composer.sending = False
                if self.session_id == session_id and composer.kind == kind:
                    composer.load_text(self.inbox.draft(session_id, kind))
                    self.show_outbox()

        self.run("sending note" if kind == "note" else "sending", work, group="send")

    # --- $EDITOR ------------------------------------------------------------------------------

    def on_composer_editor_requested(self, event: Composer.EditorRequested) -> None:
        event.stop()
        import shlex

        composer = self.composer
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        descriptor, name = tempfile.mkstemp(prefix="crisp-draft-", suffix=".md")
        path = Path(name)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(composer.text)
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
            text = path.read_text(encoding="utf-8")
        except Exception as error:  # no terminal to hand over (tests, some hosts), missing editor
            self.app.notify(f"Could not run the editor: {error}", severity="error", markup=False)
            return
        finally:
            path.unlink(missing_ok=True)
        composer.load_text(text.removesuffix("\n"))
        self.flush_draft()
        composer.focus()
