"""The conversation view: every message of one conversation, oldest at the top.

A line-API `ScrollView` (DESIGN §8): each item (status line, day separator, message) is laid out
into lines once per width and turned into strips only when it scrolls into view, so 5,000
messages cost no widgets and no per-keypress work.

j/k move a cursor from message to message (what copy, pipe, edit and delete act on; the arrows
still scroll by line); a search marks what it finds and n/N move the cursor from match to match.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.style import Style
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message as TextualMessage
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from crisp_tui.crisp.models import Message
from crisp_tui.present import day_label, local_datetime, now_local
from crisp_tui.tui.clock import Clock, system_clock
from crisp_tui.tui.message_find import Finder
from crisp_tui.tui.render import styles
from crisp_tui.tui.render.layout import body_rows, centered, decorate, header_row, separator
from crisp_tui.tui.render.messages import (
    Side,
    event_line,
    message_body,
    message_header,
    message_links,
    message_side,
)

_TOP = ("top",)
_TYPING = ("typing",)


def message_key(message: Message) -> tuple[str, int, int]:
    return ("message", message.fingerprint, message.timestamp)


@dataclass
class _Block:
    """One item of the view: what it shows (width-independent), its rows at `width`, and the
    strips rendered so far."""

    source: object  # a Message, the label of the status line or a day separator, or who types
    side: Side
    body: Content
    width: int = 0
    rows: list[Content] = field(default_factory=list)
    strips: dict[int, Strip] = field(default_factory=dict)
    selected: bool = False  # under the message cursor

    @property
    def has_header(self) -> bool:
        return isinstance(self.source, Message) and self.side != "system"

    @property
    def height(self) -> int:
        return self.has_header + len(self.rows) + 1  # a blank line closes every item


class MessageLog(ScrollView, can_focus=True):
    """Messages of one conversation. Sticks to the bottom when new messages arrive only if the
    agent was already there; keeps the view steady when older history is prepended."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Down", show=False, id="crisp.messages.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="crisp.messages.up"),
        Binding("g", "first", "Oldest", show=False, id="crisp.messages.first"),
        Binding("G", "last", "Newest", show=False, id="crisp.messages.last"),
        # Only while a search is on (check_action): otherwise n, N and escape reach the screen.
        Binding("n", "find_step(1)", "Next match", id="crisp.messages.find_next"),
        Binding("N", "find_step(-1)", "Previous match", id="crisp.messages.find_previous"),
        Binding("escape", "end_find", "End search", id="crisp.messages.end_find"),
    ]

    # Textual's text selection reads `render()`, which a line-API widget does not use; the
    # terminal's own selection (shift+drag in most terminals) still works.
    ALLOW_SELECT = False

    DEFAULT_CSS = """
    MessageLog {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    """

    class FindChanged(TextualMessage):
        """The search found something else or moved: `count` is `3/7`, `no match`, or "" when
        the search ended."""

        def __init__(self, count: str, *, ended: bool = False) -> None:
            super().__init__()
            self.count = count
            self.ended = ended

    class OlderRequested(TextualMessage):
        """The agent reached the top and older messages exist: load them and `set_messages`."""

        def __init__(self, message_log: MessageLog) -> None:
            super().__init__()
            self.message_log = message_log

        @property
        def control(self) -> MessageLog:
            return self.message_log

    def __init__(
        self,
        *,
        clock: Clock = system_clock,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._messages: list[Message] = []
        self._has_older = False
        self._shown = False  # set_messages was called: a conversation is on show
        self._loading_older = False
        self._visitor_name = ""
        self._typing: Content | None = None  # under the last message while the visitor types
        self._width = 0
        self._blocks: dict[Hashable, _Block] = {}
        self._order: list[Hashable] = []  # item keys, top to bottom
        self._starts: list[int] = []  # first line of each item
        self._line_count = 0
        self._stuck = True  # the view shows the newest line, and should keep doing so
        self._paint_style = Style()
        self._selected: Hashable | None = None  # the message under the cursor
        self._finder: Finder | None = None
        self._stale: set[Hashable] = set()  # items to lay out again though their source is the same
        self._strips_styled: object = None  # what the kept strips were painted with

    # --- public API ---------------------------------------------------------------------------

    @property
    def messages(self) -> Sequence[Message]:
        return tuple(self._messages)

    @property
    def has_older(self) -> bool:
        return self._has_older

    @property
    def loading_older(self) -> bool:
        return self._loading_older

    def set_messages(
        self, messages: Sequence[Message], *, has_older: bool, visitor_name: str = ""
    ) -> None:
        """Show these messages (any order; de-duplicated by fingerprint and timestamp)."""
        self._shown = True
        unique = {message_key(message): message for message in messages}
        ordered = sorted(unique.values(), key=lambda m: (m.timestamp, m.fingerprint))
        oldest_changed = self._oldest_key() != (message_key(ordered[0]) if ordered else None)
        if oldest_changed or not has_older:
            self._loading_older = False
        if visitor_name != self._visitor_name:
            self._visitor_name = visitor_name
            self._forget_strips()  # visitor headers name the visitor
        self._messages = ordered
        self._has_older = has_older
        if self._selected is not None and self._selected not in unique:
            self._selected = None  # another conversation, or that message is gone
        self._relayout()
        if self._finder is not None:
            self._search_again()

    def append(self, messages: Iterable[Message]) -> None:
        """Add or update messages (new ones, or new read/delivered state of known ones)."""
        self.set_messages(
            [*self._messages, *messages],
            has_older=self._has_older,
            visitor_name=self._visitor_name,
        )

    def show_typing(self, line: Content | None) -> None:
        """What the visitor is typing, as the last item (None once they stop or send): there,
        unlike in the header, it never moves the rest of the screen."""
        if line != self._typing:
            self._typing = line
            self._relayout()

    def cancel_older_request(self) -> None:
        """Loading older messages failed: let the agent ask again."""
        self._loading_older = False
        self._relayout()

    def links(self) -> list[str]:
        """Safe URLs of the loaded conversation, newest first, without repeats."""
        found: dict[str, None] = {}
        for message in reversed(self._messages):
            found.update(dict.fromkeys(message_links(message)))
        return list(found)

    # --- the message cursor -------------------------------------------------------------------

    @property
    def selected_message(self) -> Message | None:
        """The message under the cursor (None until j/k, g/G or a search put it somewhere)."""
        block = self._blocks.get(self._selected) if self._selected is not None else None
        return block.source if block is not None and isinstance(block.source, Message) else None

    def select(self, key: Hashable | None) -> None:
        """Put the cursor on the message with this key and scroll it into view."""
        for old_or_new in (self._selected, key):
            block = self._blocks.get(old_or_new) if old_or_new is not None else None
            if block is not None:
                block.selected = old_or_new == key
                block.strips.clear()
        self._selected = key
        if key in self._blocks:
            self._show_item(key)
        self.refresh()

    def _show_item(self, key: Hashable) -> None:
        index = self._order.index(key)
        start, height = self._starts[index], self._blocks[key].height
        view = self.scrollable_content_region.height
        if height >= view or start < self.scroll_y:
            self.scroll_to(y=start, animate=False, force=True)
        elif start + height > self.scroll_y + view:
            self.scroll_to(y=start + height - view, animate=False, force=True)

    def _message_keys(self) -> list[Hashable]:
        return [message_key(message) for message in self._messages]

    def _nearest_visible(self, keys: list[Hashable]) -> int:
        """Where the cursor starts: the lowest message whose top is in view."""
        bottom = self.scroll_y + self.scrollable_content_region.height
        index = bisect_right(self._starts, bottom - 1) - 1
        for key in reversed(self._order[: index + 1]):
            if key in self._blocks and isinstance(self._blocks[key].source, Message):
                return keys.index(key)
        return len(keys) - 1

    def action_cursor(self, step: int) -> None:
        keys = self._message_keys()
        if not keys:
            return
        if self._selected in keys:
            index = keys.index(self._selected) + step
        else:
            index = self._nearest_visible(keys)
        if index < 0:
            self.action_first()
            return
        self.select(keys[min(index, len(keys) - 1)])

    def action_first(self) -> None:
        keys = self._message_keys()
        if keys:
            self.select(keys[0])
        self.action_scroll_home()

    def action_last(self) -> None:
        keys = self._message_keys()
        if keys:
            self.select(keys[-1])
        self.scroll_end(animate=False, immediate=True)

    # --- finding ------------------------------------------------------------------------------

    @property
    def finding(self) -> bool:
        return self._finder is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("find_step", "end_find"):
            return self._finder is not None
        return True

    def find(self, query: str) -> str:
        """Mark every place `query` occurs and put the cursor on the newest; the count."""
        self._finder = Finder(query)
        self._search_again()
        match = self._finder.current_match
        if match is not None:
            self.select(match.key)
        return self._finder.count

    def _search_again(self) -> None:
        """Search the messages on show (after a new query, or when messages came or went)."""
        finder = self._finder
        assert finder is not None
        before = finder.keys()
        texts = [
            (key, block.body.plain)
            for key in self._order
            if isinstance((block := self._blocks[key]).source, Message)
        ]
        finder.search(texts)
        self._rebuild(before | finder.keys())
        self.post_message(self.FindChanged(finder.count))
        self.screen.refresh_bindings()  # n, N and escape change meaning

    def action_find_step(self, step: int) -> None:
        finder = self._finder
        if finder is None:
            return
        before = finder.current_match
        match = finder.step(step)
        if match is None:
            return
        self._rebuild({match.key} | ({before.key} if before else set()))
        self.select(match.key)
        self.post_message(self.FindChanged(finder.count))

    def action_end_find(self) -> None:
        finder = self._finder
        if finder is None:
            return
        self._finder = None
        self._rebuild(finder.keys())
        self.post_message(self.FindChanged("", ended=True))
        self.screen.refresh_bindings()

    def _rebuild(self, keys: set[Hashable]) -> None:
        """Lay these messages out again (their marks changed; their size does not)."""
        self._stale = keys
        try:
            self._relayout()
        finally:
            self._stale = set()

    # --- layout -------------------------------------------------------------------------------

    def _oldest_key(self) -> Hashable | None:
        return message_key(self._messages[0]) if self._messages else None

    def _items(self) -> list[tuple[Hashable, object]]:
        """(key, source) of every item, top to bottom."""
        items: list[tuple[Hashable, object]] = [(_TOP, self._status())]
        now = now_local(self._clock())
        previous_day = None
        for message in self._messages:
            day = local_datetime(message.timestamp).date()
            if day != previous_day:
                items.append((("day", day), day_label(message.timestamp, now)))
                previous_day = day
            items.append((message_key(message), message))
        if self._typing is not None:
            items.append((_TYPING, self._typing))
        return items

    def _status(self) -> str:
        if not self._shown:  # no conversation yet: the pane's header says what to do
            return ""
        if self._has_older:
            return "Loading older messages…" if self._loading_older else "↑ Older messages"
        return "Beginning of conversation" if self._messages else "No messages yet"

    def _block(self, key: Hashable, source: object) -> _Block:
        if key == _TYPING:
            assert isinstance(source, Content)
            return _Block(source, "visitor", source)
        if not isinstance(source, Message):
            return _Block(source, "system", Content(str(source)))
        side = message_side(source)
        body = event_line(source) if side == "system" else message_body(source)
        if self._finder is not None:
            body = self._finder.highlight(key, body)
        return _Block(source, side, body)

    def _lay_out(self, key: Hashable, block: _Block, width: int) -> None:
        if isinstance(block.source, Message) or key == _TYPING:
            block.rows = body_rows(block.side, block.body, width)
        elif key == _TOP:
            block.rows = centered(block.body, width, style=styles.EVENT)
        else:
            block.rows = [separator(block.body.plain, width)]
        block.width = width
        block.strips.clear()

    def _line(self, block: _Block, row: int) -> Content:
        if block.has_header:
            if row == 0:
                assert isinstance(block.source, Message)
                header = message_header(block.source, visitor_name=self._visitor_name)
                row_content = header_row(header, self._width)
                if block.selected:
                    row_content = row_content.stylize(styles.SELECTED)
                return decorate(block.side, row_content, self._width)
            row -= 1
        if row < len(block.rows):
            return decorate(block.side, block.rows[row], self._width)
        return Content()

    def _relayout(self) -> None:
        """Rebuild the line index, reusing every item whose source did not change, and scroll so
        that the agent keeps seeing the same messages (or the newest, if at the bottom)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # not laid out yet: on_resize will do it
        self._width = width
        anchor = None if self._stuck or not self._order else self._anchor()
        blocks: dict[Hashable, _Block] = {}
        starts: list[int] = []
        line_count = 0
        for key, source in self._items():
            block = self._blocks.get(key)
            fresh = block is not None and (block.source is source or block.source == source)
            if block is None or not fresh or key in self._stale:
                block = self._block(key, source)
            if block.selected != (key == self._selected):
                block.selected = key == self._selected
                block.strips.clear()
            if block.width != width:
                self._lay_out(key, block, width)
            blocks[key] = block
            starts.append(line_count)
            line_count += block.height
        self._blocks, self._order, self._starts = blocks, list(blocks), starts
        self._line_count = line_count
        self.virtual_size = Size(width, line_count)
        if anchor is not None and anchor[0] in blocks:
            key, offset = anchor
            self.scroll_to(y=starts[self._order.index(key)] + offset, animate=False, force=True)
        else:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        self.refresh()

    def _anchor(self) -> tuple[Hashable, int] | None:
        """The first message at or below the top of the view, and its distance from the top."""
        top = round(self.scroll_y)
        index = max(0, bisect_right(self._starts, top) - 1)
        for key, start in zip(self._order[index:], self._starts[index:], strict=True):
            if isinstance(self._blocks[key].source, Message):
                return key, top - start
        return None

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._relayout()
        elif self._stuck:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Strips hold resolved theme colours: forget them when those change, not on every
        # style update. Focus moving in or out (escape from the composer) restyles this
        # widget too, and repainting every visible line made escape ~5x slower than `j`.
        styled = (self.app.theme, self.visual_style, self.rich_style) if self.is_attached else None
        if styled is None or styled != self._strips_styled:
            self._strips_styled = styled
            self._forget_strips()

    def _forget_strips(self) -> None:
        for block in self._blocks.values():
            block.strips.clear()

    # --- rendering ----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # `rich_style` walks every ancestor's styles: once per paint, not once per line.
        self._paint_style = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        style = self._paint_style
        if not 0 <= index < self._line_count:
            return Strip.blank(width, style)
        position = bisect_right(self._starts, index) - 1
        block = self._blocks[self._order[position]]
        row = index - self._starts[position]
        strip = block.strips.get(row)
        if strip is None:
            line = self._line(block, row)
            strips = Visual.to_strips(self, line, self._width, 1, self.visual_style)
            strip = strips[0] if strips else Strip.blank(self._width)
            block.strips[row] = strip = strip.extend_cell_length(self._width, style)
        return strip.crop_extend(0, width, style)

    # --- older history ------------------------------------------------------------------------

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._stuck = round(new_value) >= self.max_scroll_y
        if round(new_value) <= 0 < round(old_value):
            self._request_older()

    def _request_older(self) -> None:
        if self._has_older and not self._loading_older and self.scroll_y < 1:
            self._loading_older = True
            self.post_message(self.OlderRequested(self))
            # Not now: this may run inside a scroll animation, which relayout would stop.
            self.call_later(self._relayout)

    def action_scroll_up(self) -> None:
        self._request_older()
        super().action_scroll_up()

    def action_page_up(self) -> None:
        self._request_older()
        super().action_page_up()

    def action_scroll_home(self) -> None:
        self._request_older()
        super().action_scroll_home()

    def on_mouse_scroll_up(self) -> None:
        self._request_older()
