"""The top line: the filters with the active one marked, and the search query, always visible."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..bindings import FILTERS
from ..safe_text import safe


def view_content(active: str, query: str, *, compact: bool = False) -> Content:
    parts: list[Content] = []
    for number, (name, label, _) in enumerate(FILTERS, 1):
        if name == active:
            parts.append(Content.styled(f" {number} {label} ", "bold reverse $accent"))
        elif not compact:
            parts.append(Content.styled(f" {number} {label} ", "$text-muted"))
    if query:
        parts.append(
            Content.assemble(
                ("  / ", "bold"), safe(query, max_chars=80, single_line=True, style="italic")
            )
        )
    return Content("").join(parts)


class ViewBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.active = "open"
        self.query = ""

    def show_view(self, active: str, query: str) -> None:
        if (active, query) != (self.active, self.query):  # every poll tick asks
            self.active, self.query = active, query
            self.repaint()

    def on_resize(self) -> None:
        self.repaint()

    def repaint(self) -> None:
        self.update(view_content(self.active, self.query, compact=self.size.width < 90))
