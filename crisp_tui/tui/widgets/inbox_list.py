"""The inbox list: one two-line row per conversation, virtualised by OptionList (DESIGN §8)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...crisp.models import Conversation, Operator
from ...crisp.models import Message as CrispMessage
from ..clock import Clock, system_clock
from ..render.row import RowContext, RowFacts, row_content, row_facts


class RowVisual(Visual):
    """A row's prompt that builds its Content only when painted: 10,000 rows hold a reference
    to their conversation and facts, and OptionList caches the strips of the rows on screen.
    A row is always two lines (rows never wrap): OptionList measures every row after any
    change, and a constant height keeps that cheap at 10,000 rows.

    A row keeps its last strips: OptionList forgets every painted row when one changes (a live
    message replaces one prompt), and without them each update re-rendered the whole screenful.
    They are kept for one (width, style): a theme change or the highlight gives another style."""

    __slots__ = ("_strips", "conversation", "facts")
    ROW_HEIGHT = 2

    def __init__(self, conversation: Conversation, facts: RowFacts) -> None:
        self.conversation = conversation
        self.facts = facts
        self._strips: tuple[tuple[int, int | None, Style], list[Strip]] | None = None

    @property
    def content(self) -> Content:
        return row_content(self.conversation, self.facts)

    def __str__(self) -> str:
        return self.content.plain

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        key = (width, height, style)
        if self._strips is None or self._strips[0] != key or options.selection is not None:
            self._strips = (key, self.content.render_strips(width, height, style, options))
        return self._strips[1]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.ROW_HEIGHT


# The cached last messages of some rows, by session id (`Inbox.last_messages`): one query.
MessageLookup = Callable[[Sequence[Conversation]], Mapping[str, CrispMessage]]


def _no_messages(rows: Sequence[Conversation]) -> Mapping[str, CrispMessage]:
    return {}


class InboxList(OptionList):
    """Conversations of the current view. Option ids are session ids."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="crisp.list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="crisp.list.up"),
        Binding("g", "first", "First", show=False, id="crisp.list.first"),
        Binding("G", "last", "Last", show=False, id="crisp.list.last"),
    ]

    # How close to the end the cursor gets before the next API page is asked for.
    PREFETCH_ROWS = 10

    class NearEnd(Message):
        """The cursor is close to the last row: time to load the next page."""

    def __init__(self, *, clock: Clock = system_clock, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.clock = clock
        self.context = RowContext(None, {}, clock())
        self._lookup: MessageLookup = _no_messages
        self._ids: list[str] = []
        self._rows: dict[str, tuple[Conversation, RowFacts, RowVisual]] = {}
        self._painted_width: int | None = None
        self._empty_text = Content()
        # The conversation the agent is on: the highlight returns to it when it is listed
        # again (cached rows, then the server's; a filter switch; a restart).
        self._followed: str | None = None
        self._placing = False  # the list, not the agent, moves the highlight

    @property
    def session_ids(self) -> Sequence[str]:
        return self._ids

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option else None

    @property
    def followed_id(self) -> str | None:
        return self._followed

    def set_context(self, me: str | None, operators: Sequence[Operator]) -> None:
        self.context = self.context._replace(me=me, operators={op.user_id: op for op in operators})

    def set_message_lookup(self, lookup: MessageLookup) -> None:
        """Where rows find their last message (who wrote it, what an event was)."""
        self._lookup = lookup

    def set_drafts(self, session_ids: Collection[str]) -> None:
        """Mark the rows with an unsent draft (takes effect at the next `show_rows`)."""
        self.context = self.context._replace(drafts=frozenset(session_ids))

    def set_selection(self, session_ids: Collection[str]) -> None:
        """Mark the rows selected for a bulk action (takes effect at the next `show_rows`)."""
        self.context = self.context._replace(selected=frozenset(session_ids))

    def set_waiting_clock(self, on: bool) -> None:
        """Rows say how long the visitor has waited, not since when the conversation last
        moved (while the list is sorted by waiting; takes effect at the next `show_rows`)."""
        self.context = self.context._replace(waiting_clock=on)

    def set_proposals(self, session_ids: Collection[str]) -> None:
        """Mark the rows with a proposal (takes effect at the next `show_rows`)."""
        self.context = self.context._replace(proposals=frozenset(session_ids))

    def show_rows(
        self, rows: Sequence[Conversation], changed: Collection[str] = (), *, new_view: bool = False
    ) -> None:
        """Show `rows`. While the order is kept, only the rows that differ (among `changed`, when
        given) are replaced, and nothing repaints when none does.

        The highlight stays on the followed conversation, and (but in a `new_view`) at its place:
        the rows around it may reorder, the agent's place does not move. When it is not listed,
        a `new_view` starts at the top (and follows that row); other updates keep the
        highlight's place until the followed conversation is listed again."""
        names = Counter(row.display_name for row in rows)
        shared = frozenset(name for name, count in names.items() if count > 1)
        self.context = self.context._replace(now=self.clock(), shared_names=shared)
        if not new_view:
            rows = self._keeping_place(rows)
        ids = [row.session_id for row in rows]
        kept = ids == self._ids
        rebuilt = [row for row in rows if not (kept and changed) or row.session_id in changed]
        self.context = self.context._replace(last_messages=self._lookup(rebuilt))
        if kept:
            for index, row in enumerate(rows):
                if changed and row.session_id not in changed:
                    continue
                visual = self._visual(row)
                if self.get_option_at_index(index).prompt is not visual:
                    self._replace_row(index, visual)
            return
        keep = self._followed
        old_index = self.highlighted
        self._ids = ids
        previous, self._rows = self._rows, {}
        self._placing = True
        try:
            self.set_options(Option(self._visual(row, previous), id=row.session_id) for row in rows)
            if keep in ids:
                self.highlighted = ids.index(keep)
            elif ids:
                self.highlighted = 0 if new_view else min(old_index or 0, len(ids) - 1)
        finally:
            self._placing = False
        if ids and (self._followed is None or (new_view and keep not in ids)):
            self._followed = ids[self.highlighted or 0]
        self._ask_to_fill()

    def _replace_row(self, index: int, visual: RowVisual) -> None:
        """Give one row its new prompt and paint only its lines. OptionList's own replace
        repaints every line of the list: with a live update every few seconds, that was most of
        the frame that shows a visitor's message. Rows never change height, so where each one
        starts (OptionList's line cache) stays true."""
        self.get_option_at_index(index)._set_prompt(visual)
        self._option_render_cache.clear()  # holds the old prompt's strips (keyed by option)
        line = self._line_cache.index_to_line.get(index)
        if line is None:  # not measured yet: the first paint measures and paints everything
            self.refresh()
        else:
            self.refresh_lines(line, RowVisual.ROW_HEIGHT)

    def _ask_to_fill(self) -> None:
        """Rows that do not fill the list leave blank space no key reaches: ask for more (an
        empty list too, when the agent acted on every loaded row: Crisp may have more)."""
        if len(self._ids) * RowVisual.ROW_HEIGHT < self.size.height:
            self.post_message(self.NearEnd())

    def _keeping_place(self, rows: Sequence[Conversation]) -> Sequence[Conversation]:
        """`rows` with the followed conversation moved back to the place it has on screen."""
        keep = self._followed
        if keep is None or keep not in self._rows:
            return rows
        place = self._ids.index(keep)
        if place < len(rows) and rows[place].session_id == keep:
            return rows
        index = next((i for i, row in enumerate(rows) if row.session_id == keep), None)
        if index is None:
            return rows
        moved = [*rows[:index], *rows[index + 1 :]]
        moved.insert(min(place, len(moved)), rows[index])
        return moved

    def _visual(
        self,
        row: Conversation,
        cache: dict[str, tuple[Conversation, RowFacts, RowVisual]] | None = None,
    ) -> RowVisual:
        facts = row_facts(row, self.context)
        cached = (self._rows if cache is None else cache).get(row.session_id)
        if cached and cached[1] == facts and (cached[0] is row or cached[0] == row):
            visual = cached[2]
        else:
            visual = RowVisual(row, facts)
        self._rows[row.session_id] = (row, facts, visual)
        return visual

    def show_empty(self, text: Content) -> None:
        """What the list says while it has no rows."""
        if text != self._empty_text:
            self._empty_text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if not self._ids:  # the empty text, wrapped: a reason is read whole
            lines = self._empty_text.wrap(max(1, width - 1))
            line = lines[y].pad_left(1) if y < len(lines) else Content()
            return Strip(line.render_segments(self.visual_style)).crop_extend(0, width, None)
        if width != self._painted_width:
            self._painted_width = width
            self._option_render_cache.clear()  # painted rows are only good for their width
        return super().render_line(y)

    def _on_resize(self, event: events.Resize) -> None:
        # OptionList forgets every painted row on any resize. A row is always two lines, so only
        # the width matters, and render_line watches it; without this, the rows of the first
        # frame (painted before the first Resize arrives) were painted twice.
        event.prevent_default()
        self._ask_to_fill()

    def select_id(self, session_id: str) -> bool:
        """Highlight this conversation and follow it; False when it is not listed (it is still
        followed: the highlight goes to it once it is)."""
        self._followed = session_id
        if session_id not in self._ids:
            return False
        self.highlighted = self._ids.index(session_id)
        return True

    def neighbour(self, session_id: str, step: int = 1) -> str | None:
        """The row `step` rows after `session_id` (before it when negative), or None past either
        end: act and advance on the last row stays there rather than going back."""
        if session_id not in self._ids:
            return None
        index = self._ids.index(session_id) + step
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and not self._placing and highlighted < len(self._ids):
            self._followed = self._ids[highlighted]
        if highlighted is not None and highlighted >= len(self._ids) - self.PREFETCH_ROWS:
            self.post_message(self.NearEnd())
