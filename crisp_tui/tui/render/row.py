"""One row of the inbox list, two lines:

    ● Alice Martin ✎ draft  2  @  → Jane
      20m    You: Thanks, it is fixed now.

A `*` first when the agent selected it (bulk triage); the state mark, the name (bold while
unread; with the subject or email when another row has the same name), an unsent draft, the
unread count, a mention of me, the assignee; then the time since the conversation last changed
(in the warning colour while the visitor waits for a reply), who wrote the last message ("You",
a colleague's first name, "Team" when we do not have the message; nothing for the visitor) and its
text (what happened, for an event).
Help explains each symbol from `ROW_LEGEND`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from textual.content import Content

from crisp_tui.crisp.models import Conversation, Message, Operator
from crisp_tui.present import (
    STATE_MARKS,
    age,
    assignee_name,
    is_waiting,
    last_activity,
    last_author,
    message_kind,
    preview_text,
    state_label,
)
from crisp_tui.tui.safe_text import safe

MARK_STYLES = {"unresolved": "$warning", "pending": "$secondary", "resolved": "$success"}
UNREAD_STYLE = "bold $text-accent on $accent-muted"
MENTION_STYLE = "bold $warning"
WAITING_STYLE = "bold $warning"
AGE_WIDTH = 7  # "10h05m" and a space: the excerpts line up
ASSIGNEE = "→"
DRAFT = "✎ draft"
PROPOSAL = "✦ proposal"
SELECTED = "*"  # as a tagged message in mutt (✓ is the resolved mark)
SELECTED_STYLE = "bold reverse $accent"


class RowContext(NamedTuple):
    """What a row needs besides the conversation itself."""

    me: str | None
    operators: Mapping[str, Operator]
    now: float
    drafts: frozenset[str] = frozenset()  # session ids with an unsent draft
    proposals: frozenset[str] = frozenset()  # session ids with a proposal from an assistant
    shared_names: frozenset[str] = frozenset()  # display names more than one row has
    # The cached last message of rows whose author or event the preview does not tell.
    last_messages: Mapping[str, Message] = {}
    selected: frozenset[str] = frozenset()  # session ids the agent selected for a bulk action
    # Sorted by waiting time: the clock says how long each visitor has waited, the sort's key.
    waiting_clock: bool = False


class RowFacts(NamedTuple):
    """Everything a row shows besides the conversation: rows are rebuilt only when these or the
    conversation change, which keeps a full list refresh cheap at 10,000 rows."""

    age: str
    waiting: bool
    assignee: str
    author: str
    excerpt: str
    mentioned: bool
    draft: bool
    proposed: bool
    twin_hint: str  # what tells this row from others with the same name ("" when none does)
    selected: bool = False


def twin_hint(conversation: Conversation) -> str:
    """The subject, else the email, else the session id: what sets a namesake apart."""
    meta = conversation.meta
    if meta.subject and meta.subject != conversation.display_name:
        return meta.subject
    if meta.email and meta.email != conversation.display_name:
        return meta.email
    return conversation.session_id.removeprefix("session_")[:8]


def row_facts(conversation: Conversation, context: RowContext) -> RowFacts:
    shared = conversation.display_name in context.shared_names
    last = context.last_messages.get(conversation.session_id)
    waiting = is_waiting(conversation)
    since = conversation.waiting_since if waiting and context.waiting_clock else None
    return RowFacts(
        age=age(since or last_activity(conversation), context.now),
        waiting=waiting,
        assignee=assignee_name(
            conversation.assigned_user_id, context.operators, context.me, short=True
        ),
        author=last_author(conversation, last, context.operators, context.me),
        excerpt=preview_text(conversation, last),
        mentioned=bool(context.me and context.me in conversation.mentions),
        draft=conversation.session_id in context.drafts,
        proposed=conversation.session_id in context.proposals,
        twin_hint=twin_hint(conversation) if shared else "",
        selected=conversation.session_id in context.selected,
    )


def row_content(conversation: Conversation, facts: RowFacts) -> Content:
    state = state_label(conversation.state)
    mark = STATE_MARKS[state][0]
    unread = conversation.unread_operator
    first: list[Content | tuple[str, str] | str] = [
        (f"{SELECTED} ", SELECTED_STYLE)
    ] * facts.selected
    first += [
        (mark, MARK_STYLES[state]),
        " ",
        safe(
            conversation.display_name,
            style="bold" if unread else "",
            max_chars=200,
            single_line=True,
        ),
    ]
    if facts.twin_hint:
        first += [" ", safe(facts.twin_hint, style="$text-muted", max_chars=80, single_line=True)]
    if facts.draft:
        first += [" ", (DRAFT, "italic $text-accent")]
    if facts.proposed:
        first += [" ", (PROPOSAL, "bold $accent")]
    if unread:
        first += [" ", (f" {unread} ", UNREAD_STYLE)]
    if facts.mentioned:
        first += [" ", ("@", MENTION_STYLE)]
    if facts.assignee:
        first += ["  ", (f"{ASSIGNEE} ", "$text-muted")]
        first.append(safe(facts.assignee, style="$text-secondary", max_chars=40, single_line=True))

    second: list[Content | tuple[str, str] | str] = ["  "]
    second.append((facts.age.ljust(AGE_WIDTH), WAITING_STYLE if facts.waiting else "$text-muted"))
    preview = conversation.preview_message
    if facts.author:
        author = facts.author + (" (note)" if preview.type == "note" else "")
        second.append(safe(f"{author}: ", style="bold $text-muted", max_chars=60, single_line=True))
    if not facts.excerpt and preview.type:
        second.append((message_kind(preview.type), "italic $text-muted"))
    else:
        second.append(safe(facts.excerpt, style="$text-muted", max_chars=300, single_line=True))
    return Content("\n").join([Content.assemble(*first), Content.assemble(*second)])


def empty_list(view_label: str, query: str, *, loaded: bool, error: str = "") -> Content:
    """What an empty list says: a search with no hits names the query; before the first answer
    from Crisp, that it is still loading, or why it could not (`error`: wrong credentials say
    so here, not only at the end of the status bar)."""
    if not loaded and error:
        return Content.assemble(
            ("Could not load the conversations: ", "bold $error"),
            safe(error, max_chars=300, single_line=True),
        )
    if not loaded:
        return Content.styled("Loading conversations…", "$text-muted")
    if query:
        return Content.assemble(
            ("No conversations match ", "$text-muted"),
            safe(query, style="bold", max_chars=80, single_line=True),
            (f" in {view_label}. escape clears the search.", "$text-muted"),
        )
    return Content.styled(f"No conversations in {view_label}.", "$text-muted")


ROW_LEGEND: tuple[tuple[str, str], ...] = (
    (SELECTED, "Selected: the action keys act on every selected conversation (space, *, -)."),
    *((mark, f"The conversation is {meaning}.") for mark, meaning in STATE_MARKS.values()),
    ("bold name, 3", "Unread: how many visitor messages nobody has read."),
    ("@", "The conversation mentions you."),
    (DRAFT, "You have an unsent draft there."),
    (PROPOSAL, "An assistant proposed a reply or note: open it to take or dismiss it."),
    (f"{ASSIGNEE} Jane", "Who the conversation is assigned to (you, or a teammate)."),
    ("20m", "Time since the last message; in the warning colour while the visitor waits."),
    ("You:", "You wrote last (Jane: that teammate; Team: an operator not cached; none: visitor)."),
)
