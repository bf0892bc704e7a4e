"""The search line under the messages while finding in the open conversation: what is typed and
how many matches (`3/7`). It marks as the agent types; enter goes back to the messages (n/N then
move from match to match), escape ends the search."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from ..render import styles


class FindInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "end", "End search", id="crisp.find.end"),
    ]

    class Ended(Message):
        """Escape in the search line: the search ends."""

    def action_end(self) -> None:
        self.post_message(self.Ended())


class FindBar(Horizontal):
    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
    }
    FindBar.-shown {
        display: block;
    }
    FindBar > Input, FindBar > Input:focus {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    FindBar > #find-count {
        width: auto;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield FindInput(
            placeholder="Find in this conversation · enter, then n/N · escape ends",
            id="find-input",
        )
        yield Static("", id="find-count", markup=False)

    @property
    def input(self) -> FindInput:
        return self.query_one(FindInput)

    def show_count(self, count: str) -> None:
        style = styles.WARNING if count == "no match" else styles.MUTED
        self.query_one("#find-count", Static).update(Content.styled(count, style))
