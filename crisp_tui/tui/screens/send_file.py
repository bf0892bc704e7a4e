"""Sending a file: the path is asked with the prompt (`PromptScreen`), then this confirmation,
the same as a reply's (who gets it, the file's name, size and type)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ...crisp.files import human_size
from ...crisp.uploads import LocalFile
from ..safe_text import join, safe
from .confirm_send import ConfirmScreen


def recipient(name: str, email: str) -> Content:
    return join([Content.styled("To:", "bold"), name or "Visitor", email or "(no email)"], sep=" ")


class ConfirmFileScreen(ConfirmScreen):
    """Dismissed with True to send the file, False to go back to the path."""

    def __init__(self, name: str, email: str, file: LocalFile) -> None:
        super().__init__()
        self.visitor_name = name
        self.email = email
        self.file = file

    def compose(self) -> ComposeResult:
        file = self.file
        with Vertical(id="confirm-dialog", classes="-file"):
            yield Static(Content.styled("Send this file to the visitor", "bold"))
            yield Static(recipient(self.visitor_name, self.email), id="confirm-recipient")
            yield Static(
                join(
                    [
                        Content.styled("File:", "bold"),
                        safe(file.name, style="bold", max_chars=120, single_line=True),
                        f"({human_size(file.size)}, {file.mime_type})",
                    ],
                    sep=" ",
                ),
                id="confirm-file",
            )
            yield from self.buttons("Send (y)")
