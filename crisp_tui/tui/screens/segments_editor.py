"""Edit the segments (tags) of a conversation: one line of comma-separated names, with the list
that will be saved shown as you type. Enter saves it, escape leaves it as it was."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..notice_hold import HoldsNotices
from ..safe_text import clean, join, safe
from ..widgets.key_bar import KeyBar

MAX_SEGMENTS = 50
SEGMENT_CHARS = 60


def parsed_segments(text: str) -> list[str]:
    """`vip, billing ,,vip` → ["vip", "billing"]: trimmed, no empties, each once, in order."""
    names = [
        clean(part, max_chars=SEGMENT_CHARS, single_line=True).strip() for part in text.split(",")
    ]
    return list(dict.fromkeys(name for name in names if name))[:MAX_SEGMENTS]


def _preview(segments: Sequence[str]) -> Content:
    if not segments:
        return Content.styled("Saves: no segments (removes them all)", "$warning")
    return Content.assemble(
        ("Saves: ", "$text-muted"), join([safe(s) for s in segments], sep=" · ")
    )


class SegmentsEditor(HoldsNotices, ModalScreen[list[str] | None]):
    """Dismissed with the new segments, or None when cancelled or unchanged."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="crisp.segments.cancel"),
    ]

    def __init__(self, visitor_name: str, segments: Sequence[str]) -> None:
        super().__init__()
        self.visitor_name = visitor_name
        self.segments = list(segments)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog") as dialog:
            # A title is parsed as markup: the visitor's name goes in as Content, never text.
            dialog.border_title = Content.assemble(
                "Segments of ", safe(self.visitor_name, max_chars=48, single_line=True)
            )
            yield Static(
                Content.styled("comma separated · enter saves · escape cancels", "$text-muted"),
                id="picker-hint",
            )
            yield Input(
                ", ".join(clean(s, single_line=True) for s in self.segments),
                id="segments-input",
                select_on_focus=False,
            )
            yield Static(_preview(self.segments), id="segments-preview")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#segments-preview", Static).update(_preview(parsed_segments(event.value)))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        segments = parsed_segments(event.value)
        self.dismiss(None if segments == self.segments else segments)

    def action_cancel(self) -> None:
        self.dismiss(None)
