"""Inbox views: a view of the one table (`view_spec.py`: built-in, saved, Crisp inboxes) plus the
search text the agent typed, as a Crisp list query, a filter over the cache and a predicate."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..crisp.client import ConversationQuery, CrispClient
from ..crisp.models import Conversation, WebsiteInbox
from ..view_spec import BUILTIN_VIEWS, STATE_CHOICES, ViewSpec
from .store import ConversationFilter

BUILTIN: dict[str, ViewSpec] = {spec.name: spec for spec in BUILTIN_VIEWS}
MAX_INBOX_PAGES = 10


@dataclass(frozen=True)
class View:
    spec: ViewSpec = BUILTIN["open"]
    query: str = ""  # what the agent searched for in this view

    @classmethod
    def builtin(cls, name: str, query: str = "") -> View:
        if name not in BUILTIN:
            raise ValueError(f"Unknown view {name!r}: use one of {', '.join(BUILTIN)}.")
        return cls(BUILTIN[name], query)

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def title(self) -> str:
        return self.spec.title + (f" · “{self.query}”" if self.query else "")

    def searched(self, query: str) -> View:
        return replace(self, query=query)

    @property
    def search_text(self) -> str:
        """The text Crisp searches: the view's own, then what the agent typed."""
        return " ".join(part for part in (self.spec.search, self.query) if part)

    def api_query(self, me: str | None, sort: str = "updated") -> ConversationQuery:
        """The query of `GET /website/{w}/conversations/{page}`, in the order `sort` ("updated"
        or "waiting"). What Crisp cannot filter is checked on each conversation (`accepts`):
        "assigned to someone", one state of the two open ones, a segment when there is search
        text, and mentions (filter_mention is undocumented for a plugin token)."""
        spec, text = self.spec, self.search_text
        states = set(spec.states or ())
        return ConversationQuery(
            search=text or spec.segment,
            search_type="segment" if spec.segment and not text else "text",
            inbox_id=spec.inbox_id,
            not_resolved=bool(states) and "resolved" not in states,
            resolved=states == {"resolved"},
            unread=spec.unread,
            assigned=(me or "") if spec.assigned == "me" else "",
            unassigned=spec.assigned == "nobody",
            order=sort,
        )

    def cache_filter(self, me: str | None, sort: str = "updated") -> ConversationFilter:
        """The view's filter over the cache (a search view reads the search index instead)."""
        spec = self.spec
        return ConversationFilter(
            unread=spec.unread,
            states=spec.states,
            assigned=me if spec.assigned == "me" else None,
            unassigned=spec.assigned == "nobody",
            assigned_anyone=spec.assigned == "someone",
            mention=me if spec.mentions else None,
            inbox_id=spec.inbox_id or None,
            segment=spec.segment or None,
            waiting=sort == "waiting",
        )

    @property
    def checks_locally(self) -> bool:
        """Whether `accepts` can refuse what Crisp returned for `api_query`."""
        spec = self.spec
        one_open_state = spec.states is not None and len(spec.states) == 1
        segment_by_hand = bool(spec.segment and self.search_text)
        return spec.mentions or spec.assigned == "someone" or one_open_state or segment_by_hand

    def accepts(self, conversation: Conversation, me: str | None) -> bool:
        """Whether a conversation (as we now know it) belongs in this view. The search text is
        the server's business: a conversation it returned stays until the next search."""
        spec = self.spec
        if spec.states is not None and conversation.state not in spec.states:
            return False
        if spec.unread and conversation.unread_operator <= 0:
            return False
        if spec.mentions and not (me and me in conversation.mentions):
            return False
        if spec.inbox_id and conversation.inbox_id != spec.inbox_id:
            return False
        if spec.segment and spec.segment not in conversation.meta.segments:
            return False
        assignee = conversation.assigned_user_id
        return {
            "me": bool(me) and assignee == me,
            "someone": assignee is not None,
            "nobody": assignee is None,
        }.get(spec.assigned, True)


async def list_inboxes(client: CrispClient) -> list[WebsiteInbox]:
    """Every inbox of the website, page after page until an empty one."""
    inboxes: list[WebsiteInbox] = []
    for page in range(1, MAX_INBOX_PAGES + 1):
        listed = await client.list_inboxes(page)
        if not listed:
            break
        inboxes += listed
    return inboxes


def inbox_views(inboxes: Iterable[WebsiteInbox]) -> tuple[ViewSpec, ...]:
    """One view per Crisp inbox, in the inboxes' own order, open conversations only."""
    ordered = sorted((i for i in inboxes if i.inbox_id), key=lambda i: (i.order, i.name))
    return tuple(
        ViewSpec(
            inbox.name or inbox.inbox_id,
            help="Show the open conversations of this Crisp inbox.",
            states=STATE_CHOICES["open"],
            inbox_id=inbox.inbox_id,
        )
        for inbox in ordered
    )


def view_table(
    saved: Sequence[ViewSpec], inboxes: Iterable[WebsiteInbox] = ()
) -> tuple[ViewSpec, ...]:
    """Every view, in tab order: the built-in ones, the saved ones, then one per Crisp inbox
    (an inbox named like a view before it is left out: the earlier view keeps the name). A
    saved view's `inbox` may name an inbox: it is read as that inbox's id."""
    known = list(inboxes)
    by_name = {inbox.name.casefold(): inbox.inbox_id for inbox in known if inbox.name}
    views = list(BUILTIN_VIEWS) + [
        replace(spec, inbox_id=by_name.get(spec.inbox_id.casefold(), spec.inbox_id))
        for spec in saved
    ]
    taken = {spec.name.casefold() for spec in views}
    views += [spec for spec in inbox_views(known) if spec.name.casefold() not in taken]
    return tuple(views)


def find_view(views: Iterable[ViewSpec], name: str) -> ViewSpec | None:
    """The view called `name` (case does not matter)."""
    wanted = name.strip().casefold()
    return next((spec for spec in views if spec.name.casefold() == wanted), None)
