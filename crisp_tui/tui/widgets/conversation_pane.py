"""The conversation pane: header, messages and the (toggled) visitor panel of one conversation."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ...crisp.models import Conversation, Message, Operator
from ..clock import Clock, system_clock
from ..render.conversation_header import conversation_header
from ..render.visitor import OtherConversation
from ..safe_text import safe
from .message_log import MessageLog
from .visitor_panel import VisitorPanel

EMPTY_HINT = Content.styled(
    "No conversation open. Move with j/k, open with enter, ? lists every key.", "$text-muted"
)


def same_visitor(
    conversation: Conversation, rows: Sequence[Conversation]
) -> list[OtherConversation]:
    """Other conversations of this visitor among `rows` (same people id, else same email)."""
    people, email = conversation.people_id, conversation.meta.email
    return [
        (row.session_id, row.preview_message.excerpt or row.last_message)
        for row in rows
        if row.session_id != conversation.session_id
        and ((people and row.people_id == people) or (email and row.meta.email == email))
    ]


class ConversationPane(Vertical):
    """Posts MessageLog.OlderRequested (bubbling) when the agent scrolls to the top."""

    OlderRequested = MessageLog.OlderRequested

    def __init__(self, *, clock: Clock = system_clock, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self._visitor_name = ""

    def compose(self) -> ComposeResult:
        yield Static(EMPTY_HINT, id="conversation-header", markup=False)
        with Horizontal(id="conversation-body"):
            yield MessageLog(id="messages", clock=self.clock)
            yield VisitorPanel(id="visitor-panel", clock=self.clock)

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
    ) -> None:
        messages = self.message_log.messages
        origin = messages[-1].origin if messages else "chat"
        self.query_one("#conversation-header", Static).update(
            conversation_header(
                conversation, operators=operators, me=me, origin=origin, now=self.clock()
            )
        )
        self.query_one(VisitorPanel).show(conversation, others=same_visitor(conversation, rows))
        self._visitor_name = conversation.display_name

    def show_unknown(self, session_id: str) -> None:
        self.query_one("#conversation-header", Static).update(
            safe(session_id, style="bold", max_chars=120, single_line=True)
        )
        self.query_one(VisitorPanel).show(None)
        self._visitor_name = ""

    def show_messages(self, messages: Sequence[Message], *, has_older: bool) -> None:
        self.message_log.set_messages(
            messages, has_older=has_older, visitor_name=self._visitor_name
        )

    def older_done(self) -> None:
        """Loading older messages ended; if nothing came, let the agent ask again."""
        if self.message_log.loading_older:
            self.message_log.cancel_older_request()

    def focus_messages(self) -> None:
        self.message_log.focus()

    def links(self) -> list[str]:
        return self.message_log.links()
