"""Pick an attachment of the conversation: its name, type and full URL are shown before anything
is fetched (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from ...inbox.attachments import Attachment
from ..safe_text import join, safe
from .picker import PickerScreen


def _option(index: int, attachment: Attachment) -> Option:
    title = join(
        [
            safe(attachment.file_name, style="bold", max_chars=80, single_line=True),
            attachment.mime_type or attachment.kind,
        ],
        sep=" · ",
    )
    url = safe(attachment.url, style="$text-muted", max_chars=4096)
    return Option(Content.assemble(title, "\n", url), id=str(index))


class AttachmentPicker(PickerScreen):
    """Dismissed with the index (as a string) of the chosen attachment."""

    def __init__(self, title: str, what_enter_does: str, items: Sequence[Attachment]) -> None:
        super().__init__(
            title,
            Content.styled(f"enter {what_enter_does} · escape cancels", "$text-muted"),
            [_option(i, item) for i, item in enumerate(items)],
            search_texts=[f"{item.file_name} {item.mime_type} {item.url}" for item in items],
        )
