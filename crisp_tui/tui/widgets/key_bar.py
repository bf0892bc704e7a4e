"""The key bar: the keys the focused widget and its screen answer to, on one line.

Textual's Footer mounts a widget per key, only after the first frame, and mounts them all again
whenever the keys change: a third of the cost of the first paint. This is one widget that paints
its keys in the first frame and repaints one line when they change. A click on a key presses it.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


def shown_keys(screen: Screen[object]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
    """The keys `screen` shows now, one per action (its first key, in binding order), and the
    command palette's key."""
    palette_key = screen.app.COMMAND_PALETTE_BINDING
    keys: dict[str, ShownKey] = {}
    palette = None
    for key, (_, binding, enabled, _tooltip) in screen.active_bindings.items():
        shown = ShownKey(key, screen.app.get_key_display(binding), binding.description, enabled)
        if key == palette_key:
            palette = shown if screen.app.ENABLE_COMMAND_PALETTE else None
        elif binding.show:
            keys.setdefault(binding.action, shown)
    return tuple(keys.values()), palette


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    ALLOW_SELECT = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[tuple[ShownKey, ...], ShownKey | None] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        shown = shown_keys(screen)
        if shown != self._shown:
            self._shown = shown
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        key = event.style.meta.get("key")
        if key:
            self.app.simulate_key(key)

    def render(self) -> Content:
        if self._shown is None:  # the first frame comes before any bindings signal
            self._shown = shown_keys(self.screen)
        keys, palette = self._shown
        line = Content.assemble(*(self._key(shown) for shown in keys))
        if palette is None:
            return line
        right = self._key(palette)
        room = max(0, self.size.width - right.cell_length - 1)
        return Content.assemble(line.truncate(room, ellipsis=True, pad=True), " ", right)

    def _key(self, shown: ShownKey) -> Content:
        click = Style.from_meta({"key": shown.key})
        key = self.get_visual_style("key-bar--key") + click
        description = self.get_visual_style("key-bar--description") + click
        if not shown.enabled:
            key, description = key + Style(dim=True), description + Style(dim=True)
        return Content.assemble((f" {shown.display} ", key), (f"{shown.description} ", description))
