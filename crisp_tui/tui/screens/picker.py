"""A small modal list to pick one thing; the operator and link pickers build on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class PickerScreen(ModalScreen[str | None]):
    """Dismissed with the picked option's id, or None on escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="crisp.picker.cancel")
    ]

    def __init__(self, title: str, hint: Content, options: Sequence[Option]) -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.hint, id="picker-hint")
            yield OptionList(*self.options, id="picker-options", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
