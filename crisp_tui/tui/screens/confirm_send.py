"""The confirmation every send goes through (what, to whom, and the exact text), and the one
before a draft is thrown away."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...snippets.placeholders import missing_sentence
from ..notice_hold import HoldsNotices
from ..safe_text import clean, join, safe

# The confirmation shows the whole text: a reply is never longer than this in practice, and the
# agent must see every character that goes out.
MAX_SHOWN = 200_000
# The dialog's lines around the text: borders (2), heading, recipient (up to 2), size (up to 2),
# buttons, and the text's own border (2).
_DIALOG_LINES = 10


def size_of(text: str) -> str:
    lines = text.count("\n") + 1
    return f"{len(text)} characters, {lines} line{'s' if lines > 1 else ''}"


@dataclass(frozen=True)
class SendRequest:
    kind: str  # "reply" | "note"
    name: str
    email: str
    text: str
    unfilled: tuple[str, ...] = ()  # snippet placeholders still in the text (no value)

    @property
    def is_note(self) -> bool:
        return self.kind == "note"


class ConfirmScreen(HoldsNotices, ModalScreen[bool]):
    """A yes/no question about the draft, answered once: True for yes (y, enter)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "confirm", "Yes", id="crisp.confirm.send"),
        Binding("escape,n", "cancel", "Back to editing", id="crisp.confirm.cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._answered = False

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

    def _answer(self, yes: bool) -> None:
        # A second press (enter held down, a double click) must never send twice.
        if self._answered:
            return
        self._answered = True
        for button in self.query(Button):
            button.disabled = True
        self.dismiss(yes)

    def buttons(self, yes: str, no: str = "Back to editing (n)") -> ComposeResult:
        with Horizontal(id="confirm-buttons"):
            yield Button(yes, variant="primary", id="confirm-send", compact=True)
            yield Button(no, id="confirm-cancel", compact=True)


class ConfirmSendScreen(ConfirmScreen):
    """Dismissed with True to send, False to go back to editing (the text stays)."""

    def __init__(self, request: SendRequest) -> None:
        super().__init__()
        self.request = request

    def heading(self) -> Content:
        if self.request.is_note:
            return Content.styled("Add this private note (operators only)", "bold")
        return Content.styled("Send this reply to the visitor", "bold")

    def yes_label(self) -> str:
        return "Add note (y)" if self.request.is_note else "Send (y)"

    def compose(self) -> ComposeResult:
        request = self.request
        heading = self.heading()
        recipient = (
            Content.assemble(
                Content.styled("To:", "bold"),
                " the team: operators of this website see it; ",
                safe(request.name or "the visitor", style="bold", max_chars=60, single_line=True),
                " does not.",
            )
            if request.is_note
            else join(
                [
                    Content.styled("To:", "bold"),
                    request.name or "Visitor",
                    request.email or "(no email)",
                ],
                sep=" ",
            )
        )
        shown = clean(request.text, max_chars=MAX_SHOWN, max_lines=MAX_SHOWN)
        size = (
            Content.styled(
                "⚠ The text holds control characters or is very long: the screen shows it "
                "cleaned, it is sent as typed.",
                "bold $warning",
            )
            if shown != request.text
            else Content.styled(size_of(request.text), "$text-muted")
        )
        with Vertical(id="confirm-dialog", classes="-note" if request.is_note else ""):
            yield Static(heading, id="confirm-heading")
            yield Static(recipient, id="confirm-recipient")
            with VerticalScroll(id="confirm-text-scroll"):
                yield Static(Content(shown), id="confirm-text")  # cleaned just above
            yield Static(size, id="confirm-size")
            if request.unfilled:
                warning = f"⚠ {missing_sentence(request.unfilled)} (sent as written)."
                yield Static(Content.styled(warning, "bold $warning"), id="confirm-unfilled")
            yield from self.buttons(self.yes_label())

    def on_resize(self, event: events.Resize) -> None:
        # The text scrolls within what the dialog's other lines leave, so Send and Back always
        # show, however long the reply.
        scroll = self.query_one("#confirm-text-scroll")
        around = _DIALOG_LINES + (2 if self.request.unfilled else 0)
        scroll.styles.max_height = max(3, event.size.height * 9 // 10 - around)


class ConfirmDiscardScreen(ConfirmScreen):
    """Dismissed with True to throw the draft away."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__()
        self.kind = kind
        self.text = text

    def compose(self) -> ComposeResult:
        what = "note" if self.kind == "note" else "reply"
        with Vertical(id="confirm-dialog", classes="-discard"):
            yield Static(Content.styled(f"Discard this {what} draft?", "bold"))
            yield Static(Content.styled(f"{size_of(self.text)}, gone for good.", "$text-muted"))
            yield from self.buttons("Discard (y)")
