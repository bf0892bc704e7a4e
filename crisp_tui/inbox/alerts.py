"""Which visitor messages deserve a desktop notification, and the counts the terminal's title
shows. Pure rules over the inbox's state: nothing here marks anything read."""

from __future__ import annotations

from dataclasses import dataclass

from ..crisp.models import Conversation


@dataclass(frozen=True, slots=True)
class AlertRules:
    notify_for: str = "all"  # "all" | "mine" | "mentions" | "mine_or_mentions"
    quiet_when_open: bool = True


@dataclass(frozen=True, slots=True)
class Attention:
    """Open conversations with visitor messages nobody read, and those waiting for a reply."""

    unread: int
    waiting: int


def concerns_me(conversation: Conversation | None, me: str | None, notify_for: str) -> bool:
    """Whether the conversation passes the `notify_for` rule. An unknown conversation or no
    operator id passes only "all": it cannot be shown to be mine."""
    if notify_for == "all":
        return True
    if conversation is None or not me:
        return False
    mine = conversation.assigned_user_id == me
    mentioned = me in conversation.mentions
    if notify_for == "mine":
        return mine
    if notify_for == "mentions":
        return mentioned
    return mine or mentioned


def should_notify(
    rules: AlertRules,
    conversation: Conversation | None,
    session_id: str,
    *,
    me: str | None,
    open_session: str | None,
    focused: bool,
) -> bool:
    """A desktop notification for a visitor's message in `session_id`? Never while the agent is
    looking at it (open, terminal focused) when `quiet_when_open`."""
    if rules.quiet_when_open and focused and open_session == session_id:
        return False
    return concerns_me(conversation, me, rules.notify_for)
