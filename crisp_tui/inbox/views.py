"""Inbox views: a quick filter plus an optional search text, as API queries and local predicates."""

from __future__ import annotations

from dataclasses import dataclass

from ..crisp.client import ConversationQuery
from ..crisp.models import Conversation
from .store import ConversationFilter

FILTERS: dict[str, str] = {
    "open": "Open (unresolved + pending)",
    "unread": "Unread",
    "mine": "Assigned to me",
    "unassigned": "Unassigned",
    "mentions": "Mentions me",
    "resolved": "Resolved",
    "all": "Everything",
}
NEEDS_ME = frozenset({"mine", "mentions"})


@dataclass(frozen=True)
class View:
    filter: str = "open"
    query: str = ""

    def __post_init__(self) -> None:
        if self.filter not in FILTERS:
            raise ValueError(f"Unknown filter {self.filter!r}: use one of {', '.join(FILTERS)}.")

    @property
    def title(self) -> str:
        return FILTERS[self.filter] + (f" · “{self.query}”" if self.query else "")

    def api_query(self, me: str | None) -> ConversationQuery:
        return ConversationQuery(
            search=self.query,
            not_resolved=self.filter == "open",
            unread=self.filter == "unread",
            resolved=self.filter == "resolved",
            unassigned=self.filter == "unassigned",
            assigned=(me or "") if self.filter == "mine" else "",
            # No filter_mention: what it does for a plugin token is undocumented. "Mentions
            # me" is checked on each conversation's `mentions` (`accepts`).
        )

    def cache_filter(self, me: str | None) -> ConversationFilter:
        """The view's filter over the cache (a search view reads the search index instead)."""
        states = {"open": ("unresolved", "pending"), "resolved": ("resolved",)}.get(self.filter)
        return ConversationFilter(
            unread=self.filter == "unread",
            states=states,
            assigned=me if self.filter == "mine" else None,
            unassigned=self.filter == "unassigned",
            mention=me if self.filter == "mentions" else None,
        )

    def accepts(self, conversation: Conversation, me: str | None) -> bool:
        """Whether a conversation (as we now know it) belongs in this view. The search text is
        the server's business: a conversation it returned stays until the next search."""
        match self.filter:
            case "open":
                return conversation.state != "resolved"
            case "unread":
                return conversation.unread_operator > 0
            case "mine":
                return bool(me) and conversation.assigned_user_id == me
            case "unassigned":
                return conversation.assigned_user_id is None
            case "mentions":
                return bool(me) and me in conversation.mentions
            case "resolved":
                return conversation.state == "resolved"
        return True
