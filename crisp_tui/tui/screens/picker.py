"""A small modal list to pick one thing; the operator and link pickers build on it.

It moves like the rest of the app (j/k/g/G, arrows) and filters as the agent types: any other
printable key starts the filter (`/` too); in the filter, ↓/↑ still move and enter picks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.key_bar import KeyBar

STAY_KEYS = frozenset({"j", "k", "g", "G", "/", " "})  # keys the list itself answers


class PickerList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", id="crisp.picker.down"),
        Binding("k", "cursor_up", "Up", id="crisp.picker.up"),
        Binding("g", "first", "First", show=False, id="crisp.picker.first"),
        Binding("G", "last", "Last", show=False, id="crisp.picker.last"),
        Binding("enter", "select", "Pick", id="crisp.picker.pick"),
    ]


class PickerScreen(ModalScreen[str | None]):
    """Dismissed with the picked option's id, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="crisp.picker.cancel"),
        Binding("slash", "filter", "Filter", key_display="/", id="crisp.picker.filter"),
        Binding("down", "move(1)", "Down", show=False, id="crisp.picker.filter_down"),
        Binding("up", "move(-1)", "Up", show=False, id="crisp.picker.filter_up"),
    ]

    def __init__(
        self,
        title: str,
        hint: Content,
        options: Sequence[Option],
        *,
        search_texts: Sequence[str] = (),
        highlighted: str | None = None,
    ) -> None:
        """`search_texts` (one per option, plain) are what the filter matches; by default the
        option's prompt. `highlighted` is the id the cursor starts on."""
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.options = list(options)
        self.search_texts = [
            text.casefold() for text in (search_texts or [str(o.prompt) for o in self.options])
        ]
        self.start_id = highlighted

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog") as dialog:
            dialog.border_title = Content(self.title_text)  # plain text: a title parses markup
            yield Static(self.hint, id="picker-hint")
            # Type-to-filter puts the first character in before the focus arrives: selecting
            # the text on focus would let the second character replace it.
            yield Input(placeholder="type to filter", id="picker-filter", select_on_focus=False)
            yield PickerList(*self.options, id="picker-options", markup=False)
        yield KeyBar()

    @property
    def option_list(self) -> PickerList:
        return self.query_one(PickerList)

    def on_mount(self) -> None:
        options = self.option_list
        options.focus()
        if self.start_id is not None:
            ids = [option.id for option in self.options]
            if self.start_id in ids:
                options.highlighted = ids.index(self.start_id)

    def on_key(self, event: events.Key) -> None:
        """Type-to-filter: a printable key that does not move starts the filter with itself."""
        character = event.character if event.is_printable else None
        if self.focused is self.option_list and character and character not in STAY_KEYS:
            event.stop()
            event.prevent_default()
            search = self.query_one("#picker-filter", Input)
            search.focus()
            search.insert_text_at_cursor(character)

    def action_filter(self) -> None:
        self.query_one("#picker-filter", Input).focus()

    def matching(self, query: str) -> list[Option]:
        """The options the filter `query` keeps, in the order shown: here those whose search
        text holds every word of it."""
        words = query.casefold().split()
        return [
            option
            for option, text in zip(self.options, self.search_texts, strict=True)
            if all(word in text for word in words)
        ]

    @on(Input.Changed, "#picker-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        shown = self.matching(event.value)
        options = self.option_list
        options.set_options(shown)
        if shown:
            options.highlighted = 0

    @on(Input.Submitted, "#picker-filter")
    def _filter_submitted(self) -> None:
        option = self.option_list.highlighted_option
        if option is not None:
            self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        """↓/↑ from the filter move in the list."""
        if step > 0:
            self.option_list.action_cursor_down()
        else:
            self.option_list.action_cursor_up()

    def action_cancel(self) -> None:
        """Escape leaves the filter first (keeping it), then the picker."""
        if isinstance(self.focused, Input):
            self.option_list.focus()
        else:
            self.dismiss(None)
