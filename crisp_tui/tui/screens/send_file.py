"""Sending a file: the path to it, then the same confirmation as a reply (who gets it, the file's
name, size and type). A path that will not do says why and stays to be corrected."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...crisp.errors import FileTransferError
from ...crisp.files import human_size
from ...crisp.uploads import LocalFile, read_local_file
from ..safe_text import join, safe
from ..widgets.key_bar import KeyBar
from .confirm_send import ConfirmScreen


def recipient(name: str, email: str) -> Content:
    return join([Content.styled("To:", "bold"), name or "Visitor", email or "(no email)"], sep=" ")


class FilePathScreen(ModalScreen[LocalFile | None]):
    """Dismissed with the file read from the path typed, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="crisp.send_file.cancel"),
    ]

    def __init__(self, name: str, email: str, path: str = "") -> None:
        super().__init__()
        self.visitor_name = name
        self.email = email
        self.path = path
        self.typed = path  # the path as last submitted, to come back to

    def compose(self) -> ComposeResult:
        with Vertical(id="send-file-dialog") as dialog:
            dialog.border_title = "Send a file"
            yield Static(recipient(self.visitor_name, self.email), id="send-file-recipient")
            yield Input(self.path, placeholder="path of the file (~ works)", id="send-file-path")
            yield Static(
                Content.styled("enter reviews it before sending · escape cancels", "$text-muted"),
                id="send-file-hint",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#send-file-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.typed = event.value
        if not event.value.strip():
            self._say("Type the path of the file to send.")
            return
        try:
            file = read_local_file(Path(event.value.strip()))
        except FileTransferError as error:
            self._say(str(error))
            return
        self.dismiss(file)

    def _say(self, sentence: str) -> None:
        self.query_one("#send-file-hint", Static).update(
            safe(sentence, style="$warning", max_chars=400)  # it quotes the path typed
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


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
