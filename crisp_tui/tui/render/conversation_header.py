"""The header above a conversation: who the visitor is, and where the conversation stands."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from crisp_tui.crisp.models import Conversation, Operator
from crisp_tui.tui.safe_text import safe

from . import styles
from .messages import NAME_CHARS, origin_label
from .times import elapsed

SEPARATOR = Content.styled(" · ", styles.MUTED)


def conversation_header(
    conversation: Conversation,
    *,
    operators: Sequence[Operator] = (),
    me: Operator | None = None,
    origin: str = "chat",
    now: float | None = None,
) -> Content:
    """Two lines (three with a subject):

    Alice Martin · alice@example.com · +33 6 12 34 56 78
    UNRESOLVED · assigned to Jane Doe · via email · @ mentioned · waiting 12m

    `origin` is where the last message came from; `now` (epoch seconds) enables "waiting".
    """
    meta = conversation.meta
    who = [safe(conversation.display_name, style="bold", max_chars=NAME_CHARS, single_line=True)]
    who += [
        safe(value, max_chars=NAME_CHARS, single_line=True)
        for value in (meta.email, meta.phone)
        if value and value != conversation.display_name
    ]
    facts = [
        Content.styled(conversation.state.upper(), styles.STATE[conversation.state]),
        assignee_label(conversation.assigned_user_id, operators, me),
        Content.styled(f"via {origin_label(origin)}", styles.MUTED),  # origin_label cleans
    ]
    if me is not None and me.user_id in conversation.mentions:
        facts.append(Content.styled("@ mentioned", styles.MENTION))
    if now is not None and conversation.is_open and conversation.waiting_since:
        waited = elapsed(now - conversation.waiting_since / 1000)
        facts.append(Content.styled(f"waiting {waited}", styles.WARNING))
    lines = [SEPARATOR.join(who), SEPARATOR.join(facts)]
    if meta.subject:
        subject = safe(meta.subject, style="italic", max_chars=200, single_line=True)
        lines.append(Content.assemble(("Subject ", styles.MUTED), subject))
    return Content("\n").join(lines)


def assignee_label(
    user_id: str | None, operators: Sequence[Operator], me: Operator | None
) -> Content:
    if not user_id:
        return Content.styled("unassigned", styles.MUTED)
    if me is not None and user_id == me.user_id:
        return Content.styled("assigned to you", "bold")
    operator = next((op for op in operators if op.user_id == user_id), None)
    name = operator.display_name if operator else user_id
    return Content.assemble(
        "assigned to ", safe(name, style="bold", max_chars=NAME_CHARS, single_line=True)
    )
