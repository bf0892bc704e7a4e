"""Pick a link to open: each URL is shown in full before anything opens (DESIGN §7)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from ..handoff import browser_label
from ..safe_text import safe
from .picker import PickerScreen


class LinkPicker(PickerScreen):
    """Dismissed with the index (as a string) of the chosen link in `urls`."""

    def __init__(self, urls: Sequence[str]) -> None:
        self.urls = list(urls)
        super().__init__(
            "Open a link",
            Content.styled(f"{browser_label()} · escape cancels", "$text-muted"),
            [Option(safe(url, max_chars=4096), id=str(i)) for i, url in enumerate(self.urls)],
        )
