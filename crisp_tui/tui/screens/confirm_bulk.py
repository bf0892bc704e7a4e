"""The one confirmation before a bulk action: what it does, to how many, and which ones."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ..safe_text import safe
from .confirm_send import ConfirmScreen


class ConfirmBulkScreen(ConfirmScreen):
    """Dismissed with True to act on every conversation named."""

    def __init__(self, question: str, names: Sequence[str], *, yes: str, undo_key: str) -> None:
        """`question` is ours ("Resolve 3 conversations?"); `names` come from Crisp."""
        super().__init__()
        self.question = question
        self.names = names
        self.yes = yes
        self.undo_key = undo_key

    def compose(self) -> ComposeResult:
        rows = [
            Content.assemble("• ", safe(name, max_chars=80, single_line=True))
            for name in self.names
        ]
        with Vertical(id="confirm-dialog", classes="-bulk"):
            yield Static(Content.styled(self.question, "bold"), id="confirm-heading")
            with VerticalScroll(id="confirm-text-scroll"):
                yield Static(Content("\n").join(rows), id="confirm-text")
            yield Static(
                Content.styled(
                    f"{self.undo_key} undoes it for a few seconds after.", "$text-muted"
                ),
                id="confirm-size",
            )
            yield from self.buttons(self.yes, "Cancel (n)")
