"""The top line: every view's tab (built-in, saved, Crisp inboxes) with its count and the active
one marked, the sort when it is by waiting time, and the search query, always visible. When the
full labels do not fit, every tab is abbreviated rather than dropped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import Static

from ...view_spec import BUILTIN_VIEWS, ViewSpec
from ..safe_text import safe

SHORT_CHARS = 4  # a saved or inbox view's label when space is short


@dataclass(frozen=True)
class Tab:
    name: str
    label: str
    short: str
    key: str = ""  # its number key, if it has one

    @classmethod
    def of(cls, spec: ViewSpec, key: str = "") -> Tab:
        return cls(spec.name, spec.title, spec.short or spec.title[:SHORT_CHARS].rstrip(), key)


BUILTIN_TABS = tuple(
    Tab.of(spec, str(number))
    for number, spec in enumerate((spec for spec in BUILTIN_VIEWS if spec.tab), 1)
)


def tabs_of(views: Sequence[ViewSpec]) -> tuple[Tab, ...]:
    """The tabs of these views: the built-in ones keep their number keys."""
    keys = {tab.name: tab.key for tab in BUILTIN_TABS}
    return tuple(Tab.of(spec, keys.get(spec.name, "")) for spec in views if spec.tab)


def view_content(
    active: str,
    query: str,
    *,
    tabs: Sequence[Tab] = BUILTIN_TABS,
    counts: Mapping[str, int] | None = None,
    waiting: bool = False,
    width: int = 200,
) -> Content:
    """The tabs (full labels, else short ones, else short ones with only the active tab's
    count, else keys and the active label) with their counts, the sort and the query, within
    `width` cells when they can be."""
    tail = Content.assemble(
        Content.styled("  ↑ waiting longest", "$text-muted") if waiting else Content(""),
        Content.assemble(
            ("  / ", "bold"), safe(query, max_chars=80, single_line=True, style="italic")
        )
        if query
        else Content(""),
    )
    for form, every_count in (("full", True), ("short", True), ("short", False), ("keys", False)):
        shown = {
            name: count
            for name, count in (counts or {}).items()
            if every_count or name == active  # short of room, the active tab keeps its count
        }
        line = _tabs(tabs, active, shown, form)
        if line.cell_length + tail.cell_length <= width or form == "keys":
            return Content.assemble(line, tail)
    raise AssertionError("unreachable")


def _tabs(tabs: Sequence[Tab], active: str, counts: Mapping[str, int], form: str) -> Content:
    parts: list[Content] = []
    for tab in tabs:
        label = {"full": tab.label, "short": tab.short}.get(form, "" if tab.key else tab.short)
        if tab.name == active:
            label = label or tab.label
        count = counts.get(tab.name)
        number = f" {count}" if count is not None else ""
        text = Content.assemble(
            f" {tab.key}" if tab.key else "",
            " " if label else "",
            safe(label, max_chars=40, single_line=True),
            number,
            " ",
        )
        style = "bold reverse $accent" if tab.name == active else "$text-muted"
        parts.append(text.stylize(style))
    return Content("").join(parts)


class ViewBar(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self.active = "open"
        self.query = ""
        self.tabs: tuple[Tab, ...] = BUILTIN_TABS
        self.counts: Mapping[str, int] = {}
        self.waiting = False

    def show_view(
        self, active: str, query: str, *, tabs: Sequence[Tab] | None = None, waiting: bool = False
    ) -> None:
        shown = (active, query, tuple(tabs or self.tabs), waiting)
        if shown != (self.active, self.query, self.tabs, self.waiting):  # every poll tick asks
            self.active, self.query, self.tabs, self.waiting = shown
            self.repaint()

    def show_counts(self, counts: Mapping[str, int]) -> None:
        if counts != self.counts:
            self.counts = counts
            self.repaint()

    def on_resize(self) -> None:
        self.repaint()

    def repaint(self) -> None:
        self.update(
            view_content(
                self.active,
                self.query,
                tabs=self.tabs,
                counts=self.counts,
                waiting=self.waiting,
                width=self.size.width,
            )
        )
