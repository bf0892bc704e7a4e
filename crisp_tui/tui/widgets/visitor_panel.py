"""The toggleable side panel with what we know about the visitor of the open conversation."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from crisp_tui.crisp.models import Conversation, PageVisit
from crisp_tui.tui.clock import Clock, system_clock
from crisp_tui.tui.render import styles
from crisp_tui.tui.render.visitor import OtherConversation, visitor_profile

EMPTY = Content.styled("No conversation open.", styles.MUTED)
REFRESH_SECONDS = 30  # keeps the visitor's local time current


class VisitorPanel(VerticalScroll):
    """Show it with `show(conversation, others=...)`; toggle it with its `display`."""

    DEFAULT_CSS = """
    VisitorPanel {
        width: 36;
        height: 1fr;
        padding: 0 1;
        border-left: solid $primary 40%;
    }
    VisitorPanel > Static {
        width: 1fr;
    }
    """

    def __init__(
        self,
        *,
        clock: Clock = system_clock,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._clock = clock
        self._conversation: Conversation | None = None
        self._others: Sequence[OtherConversation] = ()
        self._pages: Sequence[PageVisit] | None = ()
        self._profile = Static(EMPTY)
        self._shown = EMPTY

    def compose(self) -> ComposeResult:
        yield self._profile

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self._tick)

    def _tick(self) -> None:
        if self.display:  # hidden, it has nothing to keep current
            self._render_profile()

    def show(
        self,
        conversation: Conversation | None,
        *,
        others: Sequence[OtherConversation] = (),
        pages: Sequence[PageVisit] | None = (),
    ) -> None:
        """The profile of this conversation's visitor; `others` are (session_id, excerpt) of
        the visitor's other conversations, when known; `pages` the pages they browsed (None
        while being fetched)."""
        self._conversation = conversation
        self._others = others
        self._pages = pages
        self._render_profile()

    def _render_profile(self) -> None:
        profile = (
            EMPTY
            if self._conversation is None
            else visitor_profile(
                self._conversation, others=self._others, pages=self._pages, now=self._clock()
            )
        )
        if (profile.plain, profile.spans) != (self._shown.plain, self._shown.spans):
            self._shown = profile
            self._profile.update(profile)
