"""Editing one of the agent's sent messages: its text in an editor box, then the confirmation.
Nothing changes on Crisp until the agent confirms the exact new text."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..widgets.key_bar import KeyBar


class EditMessageScreen(ModalScreen[str | None]):
    """Dismissed with the new text to review, or None (escape: nothing changes)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+j,alt+enter,ctrl+enter,ctrl+s",
            "review",
            "Review",
            key_display="ctrl+j",
            priority=True,
            id="crisp.edit.review",
        ),
        Binding("f2,ctrl+o", "editor", "$EDITOR", key_display="f2", id="crisp.edit.editor"),
        Binding("escape", "cancel", "Cancel", id="crisp.edit.cancel"),
    ]

    DEFAULT_CSS = """
    #edit-text {
        height: auto;
        min-height: 3;
        max-height: 20;
    }
    """

    def __init__(self, text: str, *, title: str, note: bool) -> None:
        super().__init__()
        self.text = text
        self.title_text = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog", classes="-note" if self.note else "") as dialog:
            dialog.border_title = Content(self.title_text)  # plain text: a title parses markup
            yield Static(
                Content.styled(
                    "ctrl+j reviews the change · escape leaves it as it is", "$text-muted"
                )
            )
            yield TextArea(self.text, id="edit-text", soft_wrap=True, show_line_numbers=False)
        yield KeyBar()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_review(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_editor(self) -> None:
        from ..pipe import edit_in_editor

        area = self.query_one(TextArea)
        edited = edit_in_editor(self.app, area.text)
        if edited is not None:
            area.load_text(edited)
            area.move_cursor(area.document.end)
            area.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
