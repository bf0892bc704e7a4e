"""The help screen: every key binding, read from the registry so it can never fall out of date."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..bindings import COMMANDS, SCOPE_TITLES, Command

EXTRA_KEYS: tuple[tuple[str, str], ...] = (
    ("j, k, ↑, ↓", "Move in the list (g, G: first, last)."),
    ("ctrl+p", "Command palette: every action by name."),
    ("ctrl+a, ctrl+e, ctrl+k, ctrl+u, ctrl+w", "Composer: line start, end, kill, word."),
)


def help_content(keymap: Mapping[str, str] | None = None) -> Content:
    """Every binding with its keys (as rebound by the `keymap` setting) and what it does."""

    def keys(command: Command) -> str:
        return command.keys_for(keymap)

    width = max(len(keys(c)) for c in COMMANDS)
    width = max(width, *(len(extra) for extra, _ in EXTRA_KEYS))
    lines: list[Content] = []
    for scope, title in SCOPE_TITLES.items():
        lines.append(Content.styled(title, "bold $accent underline"))
        lines.extend(
            Content.assemble((keys(c).ljust(width), "bold"), "  ", c.help)
            for c in COMMANDS
            if c.scope == scope
        )
        lines.append(Content(""))
    lines.append(Content.styled("More", "bold $accent underline"))
    lines.extend(
        Content.assemble((extra.ljust(width), "bold"), "  ", text) for extra, text in EXTRA_KEYS
    )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="crisp.help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-scroll"):
                settings = getattr(self.app, "settings", None)  # None in a bare App (tests)
                yield Static(help_content(settings.keymap if settings else None), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
