"""The header above a conversation: who the visitor is, and where the conversation stands."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from crisp_tui.crisp.models import Conversation, Operator
from crisp_tui.present import age, assignee_label, is_waiting, state_label
from crisp_tui.tui.safe_text import safe

from . import styles
from .messages import NAME_CHARS, origin_label

SEPARATOR = Content.styled(" · ", styles.MUTED)


def conversation_header(
    conversation: Conversation,
    *,
    operators: Sequence[Operator] = (),
    me: Operator | None = None,
    origin: str = "chat",
    now: float | None = None,
    viewers: Sequence[str] = (),
) -> Content:
    """Two lines (three with a subject):

    Alice Martin · alice@example.com · +33 6 12 34 56 78
    UNRESOLVED · assigned to Jane Doe · via email · @ mentioned · waiting 12m

    `origin` is where the last message came from; `now` (epoch seconds) enables "waiting".
    Live updates add the teammates who have it open (`viewers`).
    """
    meta = conversation.meta
    state = state_label(conversation.state)
    who = [safe(conversation.display_name, style="bold", max_chars=NAME_CHARS, single_line=True)]
    who += [
        safe(value, max_chars=NAME_CHARS, single_line=True)
        for value in (meta.email, meta.phone)
        if value and value != conversation.display_name
    ]
    facts = [
        Content.styled(state.upper(), styles.STATE[state]),
        _assignee(conversation.assigned_user_id, operators, me),
        Content.styled(f"via {origin_label(origin)}", styles.MUTED),  # origin_label cleans
    ]
    if me is not None and me.user_id in conversation.mentions:
        facts.append(Content.styled("@ mentioned", styles.MENTION))
    if now is not None and is_waiting(conversation):
        waited = age(conversation.waiting_since, now)
        facts.append(Content.styled(f"waiting {waited}", styles.WARNING))
    if viewers:
        names = safe(", ".join(viewers), max_chars=NAME_CHARS * 2, single_line=True)
        facts.append(Content.assemble(names, (" viewing", styles.MUTED)))
    lines = [SEPARATOR.join(who), SEPARATOR.join(facts)]
    if meta.subject:
        subject = safe(meta.subject, style="italic", max_chars=200, single_line=True)
        lines.append(Content.assemble(("Subject ", styles.MUTED), subject))
    return Content("\n").join(lines)


def _assignee(user_id: str | None, operators: Sequence[Operator], me: Operator | None) -> Content:
    label = assignee_label(
        user_id, {op.user_id: op for op in operators}, me.user_id if me is not None else None
    )
    style = "bold" if user_id else styles.MUTED
    return safe(label, style=style, max_chars=NAME_CHARS + 12, single_line=True)
