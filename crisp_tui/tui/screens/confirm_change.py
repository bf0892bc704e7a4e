"""The confirmations before one of the agent's own messages changes on Crisp: an edit shows who
sees it and exactly the new text (like a send); a deletion shows what goes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..safe_text import clean
from .confirm_send import MAX_SHOWN, ConfirmScreen, ConfirmSendScreen, SendRequest


class ConfirmEditScreen(ConfirmSendScreen):
    """Dismissed with True to replace the message's text, False to go back to editing."""

    def heading(self) -> Content:
        if self.request.is_note:
            return Content.styled("Change this private note to (operators only)", "bold")
        return Content.styled("Change this reply to (the visitor sees the new text)", "bold")

    def yes_label(self) -> str:
        return "Change it (y)"


class ConfirmDeleteScreen(ConfirmScreen):
    """Dismissed with True to delete the message."""

    def __init__(self, request: SendRequest) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        request = self.request
        what = "private note" if request.is_note else "reply"
        seen = "operators no longer see it" if request.is_note else "the visitor no longer sees it"
        with Vertical(id="confirm-dialog", classes="-discard"):
            yield Static(Content.styled(f"Delete this {what}? {seen.capitalize()}.", "bold"))
            with VerticalScroll(id="confirm-text-scroll"):
                shown = clean(request.text, max_chars=MAX_SHOWN, max_lines=MAX_SHOWN)
                yield Static(Content(shown), id="confirm-text")
            yield from self.buttons("Delete (y)", "Keep it (n)")
