"""The conversation pane: header, messages and the (toggled) visitor panel of one conversation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ...crisp.models import Conversation, Message, Operator
from ...present import last_activity, preview_text
from ..bindings import key_hint, keymap_of
from ..clock import Clock, system_clock
from ..render.conversation_header import conversation_header
from ..render.messages import typing_line
from ..safe_text import safe
from .message_log import MessageLog

if TYPE_CHECKING:
    from ...inbox.visitor_context import VisitorHistory
    from ..render.visitor import OtherConversation
    from .find_bar import FindBar, FindInput
    from .visitor_panel import VisitorPanel


def empty_hint(keymap: Mapping[str, str]) -> Content:
    """What to do when nothing is open, with the keys as the agent has them."""
    open_key, help_key = key_hint("open", keymap), key_hint("help", keymap)
    return Content.styled(
        f"No conversation open: j/k move, {open_key} opens, {help_key} lists every key.",
        "$text-muted",
    )


def same_visitor(
    conversation: Conversation,
    rows: Sequence[Conversation],
    history: VisitorHistory | None = None,
) -> list[OtherConversation]:
    """Other conversations of this visitor: among `rows` (same people id, else same email),
    then those Crisp listed for the contact (`history`), each once."""
    people, email = conversation.people_id, conversation.meta.email
    found = [
        row
        for row in rows
        if row.session_id != conversation.session_id
        and ((people and row.people_id == people) or (email and row.meta.email == email))
    ]
    found += history.previous if history else ()
    unique = {row.session_id: row for row in reversed(found)}
    from ..render.visitor import OtherConversation as Other  # loaded with the panel

    return [
        Other(row.session_id, preview_text(row), last_activity(row))
        for row in reversed(unique.values())
    ]


class ConversationPane(Vertical):
    """Posts MessageLog.OlderRequested (bubbling) when the agent scrolls to the top. The visitor
    panel is built the first time it is shown, so start-up never pays for it."""

    OlderRequested = MessageLog.OlderRequested

    def __init__(self, *, clock: Clock = system_clock, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self._conversation: Conversation | None = None
        self._rows: Sequence[Conversation] = ()
        self._history: VisitorHistory | None = None
        self._visitor_panel: VisitorPanel | None = None
        self._find_bar: FindBar | None = None

    def compose(self) -> ComposeResult:
        yield Static(empty_hint(keymap_of(self.app)), id="conversation-header", markup=False)
        with Horizontal(id="conversation-body"):
            yield MessageLog(id="messages", clock=self.clock)

    @property
    def message_log(self) -> MessageLog:
        return self.query_one(MessageLog)

    def show_conversation(
        self,
        conversation: Conversation,
        *,
        operators: Sequence[Operator],
        me: Operator | None,
        rows: Sequence[Conversation],
        viewers: Sequence[str] = (),
        typing: str | None = None,
        history: VisitorHistory | None = None,
    ) -> None:
        """`history`: the visitor's other conversations and pages, once fetched."""
        messages = self.message_log.messages
        origin = messages[-1].origin if messages else "chat"
        self._show_header(
            conversation_header(
                conversation,
                operators=operators,
                me=me,
                origin=origin,
                now=self.clock(),
                viewers=viewers,
            )
        )
        name = conversation.display_name
        self.message_log.show_typing(typing_line(name, typing) if typing is not None else None)
        self._show_visitor(conversation, rows, history)

    def show_unknown(self, session_id: str) -> None:
        self._show_header(safe(session_id, style="bold", max_chars=120, single_line=True))
        self.message_log.show_typing(None)
        self._show_visitor(None, (), None)

    def _show_header(self, content: Content) -> None:
        """A live event repaints the header only when it reads differently, and lays the pane
        out again only when its height (one row per line, never wrapped) changes."""
        header = self.query_one("#conversation-header", Static)
        shown = header.content
        if isinstance(shown, Content) and shown == content:
            return
        rows = content.plain.count("\n")
        same_height = isinstance(shown, Content) and shown.plain.count("\n") == rows
        header.update(content, layout=not same_height)

    def _show_visitor(
        self,
        conversation: Conversation | None,
        rows: Sequence[Conversation],
        history: VisitorHistory | None,
    ) -> None:
        self._conversation, self._rows, self._history = conversation, rows, history
        panel = self._visitor_panel
        if panel is not None and panel.has_class("-shown"):
            others = same_visitor(conversation, rows, history) if conversation else []
            panel.show(conversation, others=others, pages=history.pages if history else None)

    @property
    def visitor_shown(self) -> bool:
        return self._visitor_panel is not None and self._visitor_panel.has_class("-shown")

    def toggle_visitor(self) -> None:
        """Show or hide the visitor panel (CSS still hides it on narrow terminals)."""
        if self._visitor_panel is None:
            from .visitor_panel import VisitorPanel

            self._visitor_panel = VisitorPanel(id="visitor-panel", clock=self.clock)
            self.query_one("#conversation-body").mount(self._visitor_panel)
        self._visitor_panel.toggle_class("-shown")
        self._show_visitor(self._conversation, self._rows, self._history)

    def show_messages(
        self, messages: Sequence[Message], *, has_older: bool, visitor_name: str
    ) -> None:
        """The messages first, then the header: the header shows their last origin."""
        self.message_log.set_messages(messages, has_older=has_older, visitor_name=visitor_name)

    def older_done(self) -> None:
        """Loading older messages ended; if nothing came, let the agent ask again."""
        if self.message_log.loading_older:
            self.message_log.cancel_older_request()

    def focus_messages(self) -> None:
        """The messages, or the visitor panel where it takes their place (narrow terminals)."""
        if not self.message_log.display and self._visitor_panel is not None:
            self._visitor_panel.focus()
        else:
            self.message_log.focus()

    def focus_visitor(self) -> None:
        if self._visitor_panel is not None:
            self._visitor_panel.focus()

    @property
    def visitor_focused(self) -> bool:
        return self._visitor_panel is not None and self._visitor_panel.has_focus

    def links(self) -> list[str]:
        return self.message_log.links()

    # --- finding in the conversation ----------------------------------------------------------

    async def start_find(self) -> None:
        """Show the search line (mounted on first use) with the last query, and focus it."""
        bar = self._find_bar
        if bar is None:
            from .find_bar import FindBar

            bar = self._find_bar = FindBar(id="find-bar")
            # Composed before the focus moves: the keys typed with `f` go to its input.
            await self.mount(bar)
        bar.add_class("-shown")
        bar.input.focus()
        if bar.input.value:
            bar.show_count(self.message_log.find(bar.input.value))

    @on(Input.Changed, "#find-input")
    def _find_typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._find_bar is not None:
            self._find_bar.show_count(self.message_log.find(event.value))

    @on(Input.Submitted, "#find-input")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.message_log.focus()

    def on_find_input_ended(self, event: FindInput.Ended) -> None:
        event.stop()
        self.message_log.action_end_find()
        self.message_log.focus()

    def on_message_log_find_changed(self, event: MessageLog.FindChanged) -> None:
        event.stop()
        if self._find_bar is not None:
            self._find_bar.show_count(event.count)
            self._find_bar.set_class(not event.ended, "-shown")
