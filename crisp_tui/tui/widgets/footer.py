"""Textual's Footer, rebuilt only when the keys it shows change.

The stock Footer re-mounts every key after each bindings signal (a focus change, a mount), and
a burst of signals queues one rebuild each: three at start-up, one per focus move. Each rebuild
restyles every key several times over, the biggest single cost of the first paint.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

ShownKey = tuple[str, str, str, str, bool, str]


def shown_keys(screen: Screen[object]) -> tuple[ShownKey, ...]:
    """What the footer of `screen` shows: key, display, description, action, enabled, tooltip."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (
            key,
            screen.app.get_key_display(binding),
            binding.description,
            binding.action,
            enabled,
            tooltip,
        )
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


class Footer(TextualFooter):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[ShownKey, ...] | None = None

    async def recompose(self) -> None:
        shown = shown_keys(self.screen)
        if shown != self._shown:
            self._shown = shown
            await super().recompose()
