"""The conversation pane: header, messages and the (toggled) visitor panel of one conversation."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ...crisp.models import Conversation, Message, Operator
from ..clock import Clock, system_clock
from ..safe_text import join, safe
from .message_log import MessageLog

EMPTY_HINT = Content.styled(
    "No conversation open. Move with j/k, open with enter, ? lists every key.", "$text-muted"
)


def header_content(
    conversation: Conversation, operators: Sequence[Operator], me: Operator | None
) -> Content:
    meta = conversation.meta
    who = [safe(conversation.display_name, style="bold", max_chars=120, single_line=True)]
    who += [value for value in (meta.email, meta.phone) if value]
    assignee = next((op for op in operators if op.user_id == conversation.assigned_user_id), None)
    facts: list[object] = [Content.styled(conversation.state, "$accent")]
    if conversation.assigned_user_id:
        name = "me" if me and me.user_id == conversation.assigned_user_id else None
        facts.append(
            Content.assemble(
                "assigned ",
                safe(name or (assignee and assignee.display_name) or "?", single_line=True),
            )
        )
    else:
        facts.append(Content.styled("unassigned", "$text-muted"))
    if meta.subject:
        facts.append(safe(meta.subject, style="italic", max_chars=120, single_line=True))
    return Content("\n").join([join(who, sep="  "), join(facts, sep=" · ")])


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
            yield Static(id="visitor-panel", markup=False)

    @property
    def message_log(self) -> MessageLog:
        return self.query_one(MessageLog)

    def show_conversation(
        self, conversation: Conversation, operators: Sequence[Operator], me: Operator | None
    ) -> None:
        self.query_one("#conversation-header", Static).update(
            header_content(conversation, operators, me)
        )
        self._visitor_name = conversation.display_name

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
