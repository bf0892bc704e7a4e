"""A one-line question in a modal (the shell command to pipe to): enter answers, escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.key_bar import KeyBar


class PromptScreen(ModalScreen[str | None]):
    """Dismissed with the text typed (enter), or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="crisp.prompt.cancel"),
    ]

    def __init__(self, title: str, hint: Content, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog") as dialog:
            dialog.border_title = Content(self.title_text)  # plain text: a title parses markup
            yield Static(self.hint, id="prompt-hint")
            yield Input(self.value, id="prompt-input")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
