"""Lines under the messages about replies not gone out yet (queued, sending, failed, or of
unknown outcome: then the line states the facts and the keys to resend or drop it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from ..safe_text import safe

if TYPE_CHECKING:
    from ...inbox.store import OutboxItem

STATUS_STYLE = {
    "queued": "$warning",
    "sending": "$accent",
    "failed": "bold $error",
    "unknown": "bold $warning",
}
STATUS_LABEL = {"unknown": "outcome unknown"}


MAX_LINES = 3  # the widget's height: more items than that end in a count, never cut off


def outbox_content(items: Sequence[OutboxItem]) -> Content:
    shown = items if len(items) <= MAX_LINES else items[: MAX_LINES - 1]
    lines = []
    for item in shown:
        what = "note" if item.kind == "note" else "reply"
        label = STATUS_LABEL.get(item.status, item.status)
        line = Content.assemble(
            (f"{label} {what}: ", STATUS_STYLE.get(item.status, "")),
            safe(item.text, max_chars=60, single_line=True, style="italic"),
        )
        if item.error:
            line = Content.assemble(line, " — ", safe(item.error, max_chars=120, single_line=True))
        lines.append(line)
    if hidden := len(items) - len(shown):
        lines.append(Content.styled(f"… and {hidden} more not sent yet", "$warning"))
    return Content("\n").join(lines)


class OutboxLine(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)

    def show_items(self, items: Sequence[OutboxItem]) -> None:
        pending = [item for item in items if item.status != "sent"]
        self.display = bool(pending)
        self.update(outbox_content(pending))
