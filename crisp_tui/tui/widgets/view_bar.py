"""The top line: every filter tab with the active one marked, and the search query, always
visible. When the full labels do not fit, every tab is abbreviated rather than dropped."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..bindings import FILTERS
from ..safe_text import safe

SHORT_LABELS = {
    "open": "Open",
    "unread": "Unrd",
    "mine": "Mine",
    "unassigned": "Unas",
    "mentions": "@me",
    "resolved": "Res",
    "all": "All",
}


def view_content(active: str, query: str, *, width: int = 200) -> Content:
    """The tabs (full labels, else short ones, else numbers and the active label) and the
    query, within `width` cells when they can be."""
    search = (
        Content.assemble(
            ("  / ", "bold"), safe(query, max_chars=80, single_line=True, style="italic")
        )
        if query
        else Content("")
    )
    for form in ("full", "short", "numbers"):
        tabs = _tabs(active, form)
        if tabs.cell_length + search.cell_length <= width or form == "numbers":
            return Content.assemble(tabs, search)
    raise AssertionError("unreachable")


def _tabs(active: str, form: str) -> Content:
    parts: list[Content] = []
    for number, (name, label, _) in enumerate(FILTERS, 1):
        shown = {"full": label, "short": SHORT_LABELS.get(name, label)}.get(form, "")
        if name == active:
            parts.append(Content.styled(f" {number} {shown or label} ", "bold reverse $accent"))
        else:
            text = f" {number} {shown} " if shown else f" {number} "
            parts.append(Content.styled(text, "$text-muted"))
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
        self.update(view_content(self.active, self.query, width=self.size.width))
