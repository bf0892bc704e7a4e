"""The help screen: every key binding, read from the registry so it can never fall out of date,
and what every symbol of the inbox list means. It moves like the rest of the app (j/k/g/G)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..bindings import COMMANDS, SCOPE_TITLES, Command, display_key, keymap_of
from ..render.row import ROW_LEGEND
from ..widgets.key_bar import KeyBar

MOVING: tuple[tuple[str, str, str], ...] = (
    ("j k ↑ ↓", "Move", "Move in the list, help and pickers; j k: from message to message."),
    ("g G", "First, last", "Top and bottom (in the conversation: oldest and newest)."),
    ("n N", "Next, previous match", "While finding in the conversation (f)."),
    ("ctrl+a/e", "Line start, end", "In the composer, on the line as typed."),
    ("ctrl+k/u/w", "Kill", "In the composer: to the end, to the start, a word."),
)
HEADING = "bold $accent underline"


def help_content(keymap: Mapping[str, str] | None = None, palette_key: str = "ctrl+p") -> Content:
    """Every binding with its keys (as rebound by the `keymap` setting), its name and what it
    does; then the keys that move, and the symbols of the list."""

    def keys(command: Command) -> str:
        return command.keys_for(keymap) or "palette"

    entries = [(keys(c), c.description, c.help) for c in COMMANDS]
    entries += MOVING
    key_width = max(len(key) for key, _, _ in entries)
    name_width = max(len(name) for _, name, _ in entries)

    def line(key: str, name: str, text: str) -> Content:
        return Content.assemble(
            (key.ljust(key_width), "bold"),
            "  ",
            (name.ljust(name_width), "$text-accent"),
            "  ",
            text,
        )

    lines: list[Content] = []
    for scope, title in SCOPE_TITLES.items():
        lines.append(Content.styled(title, HEADING))
        lines.extend(line(keys(c), c.description, c.help) for c in COMMANDS if c.scope == scope)
        lines.append(Content(""))
    lines.append(Content.styled("Moving", HEADING))
    lines.extend(line(*entry) for entry in MOVING)
    lines.append(line(display_key(palette_key), "Palette", "Every action by its name."))
    lines.append(Content(""))
    lines.append(Content.styled("The inbox list", HEADING))
    lines.extend(
        Content.assemble((symbol.ljust(key_width), "bold"), "  ", meaning)
        for symbol, meaning in ROW_LEGEND
    )
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="crisp.help.close"),
        Binding("j,down", "scroll('down')", "Down", id="crisp.help.down"),
        Binding("k,up", "scroll('up')", "Up", id="crisp.help.up"),
        Binding("g,home", "scroll('home')", "Top", id="crisp.help.first"),
        Binding("G,end", "scroll('end')", "Bottom", id="crisp.help.last"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-scroll"):
                keymap = keymap_of(self.app)
                palette = self.app.COMMAND_PALETTE_BINDING
                yield Static(help_content(keymap, palette), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_scroll(self, where: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        {
            "down": scroll.scroll_down,
            "up": scroll.scroll_up,
            "home": scroll.scroll_home,
            "end": scroll.scroll_end,
        }[where](animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
