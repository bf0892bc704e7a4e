"""The confirmation every send goes through: what, to whom, and the exact text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..safe_text import clean, join

# The confirmation shows the whole text: a reply is never longer than this in practice, and the
# agent must see every character that goes out.
MAX_SHOWN = 200_000


@dataclass(frozen=True)
class SendRequest:
    kind: str  # "reply" | "note"
    name: str
    email: str
    text: str

    @property
    def is_note(self) -> bool:
        return self.kind == "note"


class ConfirmSendScreen(ModalScreen[bool]):
    """Dismissed with True to send, False to go back to editing (the text stays)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", "Send", id="crisp.confirm.send"),
        Binding("escape,n", "cancel", "Back to editing", id="crisp.confirm.cancel"),
    ]

    def __init__(self, request: SendRequest) -> None:
        super().__init__()
        self.request = request
        self._answered = False

    def compose(self) -> ComposeResult:
        request = self.request
        heading = (
            Content.styled("Add this private note (operators only)", "bold")
            if request.is_note
            else Content.styled("Send this reply to the visitor", "bold")
        )
        recipient = join(
            [
                Content.styled("To:", "bold"),
                request.name or "Visitor",
                request.email or "(no email)",
            ],
            sep=" ",
        )
        shown = clean(request.text, max_chars=MAX_SHOWN, max_lines=MAX_SHOWN)
        lines = request.text.count("\n") + 1
        size = (
            Content.styled(
                "⚠ The text holds control characters or is very long: the screen shows it "
                "cleaned, it is sent as typed.",
                "bold $warning",
            )
            if shown != request.text
            else Content.styled(
                f"{len(request.text)} characters, {lines} line{'s' if lines > 1 else ''}",
                "$text-muted",
            )
        )
        with Vertical(id="confirm-dialog", classes="-note" if request.is_note else ""):
            yield Static(heading, id="confirm-heading")
            yield Static(recipient, id="confirm-recipient")
            with VerticalScroll(id="confirm-text-scroll"):
                yield Static(Content(shown), id="confirm-text")  # cleaned just above
            yield Static(size, id="confirm-size")
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    "Add note (y)" if request.is_note else "Send (y)",
                    variant="primary",
                    id="confirm-send",
                    compact=True,
                )
                yield Button("Back to editing (n)", id="confirm-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-send", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm-send":
            self.action_confirm()
        else:
            self.action_cancel()

    def action_confirm(self) -> None:
        self._answer(True)

    def action_cancel(self) -> None:
        self._answer(False)

    def _answer(self, send: bool) -> None:
        # A second press (enter held down, a double click) must never send twice.
        if self._answered:
            return
        self._answered = True
        for button in self.query(Button):
            button.disabled = True
        self.dismiss(send)
