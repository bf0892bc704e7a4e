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


# Kept on the right with the palette's key, however narrow the bar: the way to every other key.
PINNED_ACTIONS = frozenset({"help", "app.help"})


class Shown(NamedTuple):
    """What the bar paints: the live pane's name, the keys, and the keys pinned right."""

    pane: str
    keys: tuple[ShownKey, ...]
    pinned: tuple[ShownKey, ...]


def shown_keys(screen: Screen[object]) -> Shown:
    """The keys `screen` shows now, one per action (its first key, in binding order); help's
    and the command palette's are pinned. `screen.live_pane`, when it has one, names where
    the keys act."""
    palette_key = screen.app.COMMAND_PALETTE_BINDING
    keys: dict[str, ShownKey] = {}
    pinned: dict[str, ShownKey] = {}
    palette = None
    for key, (_, binding, enabled, _tooltip) in screen.active_bindings.items():
        shown = ShownKey(key, screen.app.get_key_display(binding), binding.description, enabled)
        if key == palette_key:
            palette = shown if screen.app.ENABLE_COMMAND_PALETTE else None
        elif binding.show:
            side = pinned if binding.action in PINNED_ACTIONS else keys
            side.setdefault(binding.action, shown)
    right = (*pinned.values(), *((palette,) if palette else ()))
    return Shown(str(getattr(screen, "live_pane", "")), tuple(keys.values()), right)


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
        self._shown: Shown | None = None

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
        pane, keys, pinned = self._shown
        left: list[Content] = []
        if pane:
            left.append(Content.styled(f" {pane} ", "bold reverse $accent"))
        right = Content.assemble(*(self._key(shown) for shown in pinned))
        room = self.size.width - right.cell_length - sum(part.cell_length for part in left)
        for shown in keys:  # whole keys only: a key cut in half cannot be read
            key = self._key(shown)
            if key.cell_length > room:
                break
            left.append(key)
            room -= key.cell_length
        return Content.assemble(*left, " " * max(0, room), right)

    def _key(self, shown: ShownKey) -> Content:
        click = Style.from_meta({"key": shown.key})
        key = self.get_visual_style("key-bar--key") + click
        description = self.get_visual_style("key-bar--description") + click
        if not shown.enabled:
            key, description = key + Style(dim=True), description + Style(dim=True)
        return Content.assemble((f" {shown.display} ", key), (f"{shown.description} ", description))
