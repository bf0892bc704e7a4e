"""An image attachment, drawn in the terminal: fetched only now, because the agent asked.

The name, type and full URL show first, then the download's progress, then the image (or one
sentence: not an image, too large, the download failed). Escape closes it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...crisp.errors import FileTransferError
from ...crisp.files import human_size
from ...inbox.attachments import PREVIEW_MAX_BYTES, Attachment, fetch_image
from ...inbox.inbox import Inbox
from ..image_support import NotAnImage, image_widget
from ..safe_text import join, safe
from ..widgets.key_bar import KeyBar


class ImagePreviewScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,i", "close", "Close", id="crisp.preview.close"),
    ]

    def __init__(self, inbox: Inbox, attachment: Attachment) -> None:
        super().__init__()
        self.inbox = inbox
        self.attachment = attachment

    def compose(self) -> ComposeResult:
        attachment = self.attachment
        with Vertical(id="preview-dialog") as dialog:
            dialog.border_title = "Image preview"
            yield Static(
                join(
                    [
                        safe(attachment.file_name, style="bold", max_chars=80, single_line=True),
                        attachment.mime_type or attachment.kind,
                    ],
                    sep=" · ",
                ),
                id="preview-title",
            )
            yield Static(
                safe(attachment.url, style="$text-muted", max_chars=4096), id="preview-url"
            )
            yield Static(Content.styled("Downloading…", "$text-muted"), id="preview-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load()

    @work(exclusive=True, exit_on_error=False)
    async def _load(self) -> None:
        status = self.query_one("#preview-status", Static)

        def progress(done: int, total: int | None) -> None:
            of = f" of {human_size(total)}" if total else ""
            status.update(Content.styled(f"Downloading… {human_size(done)}{of}", "$text-muted"))

        try:
            data = await fetch_image(self.inbox.client, self.attachment, progress)
            widget = image_widget(self.app, data)
        except FileTransferError as error:
            too_large = str(error).startswith("The file is larger")
            why = (
                f"The image is larger than {human_size(PREVIEW_MAX_BYTES)}: save it instead (w)."
                if too_large
                else f"Could not download the image: {error}"
            )
            self._say(why)
            return
        except NotAnImage as error:
            self._say(str(error))
            return
        status.update(Content.styled(f"{human_size(len(data))} · escape closes", "$text-muted"))
        await self.query_one("#preview-dialog").mount(widget)

    def _say(self, sentence: str) -> None:
        self.query_one("#preview-status", Static).update(Content.styled(sentence, "$warning"))

    def action_close(self) -> None:
        self.dismiss(None)
