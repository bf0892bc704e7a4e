"""What else we know about the visitor of a conversation: the contact's other conversations and
the pages they browsed. Fetched only when the agent asks (the visitor panel is open), once per
conversation per session: the daily quota is shared by every agent on the token."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..crisp.client import ConversationQuery, CrispClient
from ..crisp.models import Conversation, PageVisit
from .events import InboxEvent, VisitorContextChanged
from .store import Store
from .sync_health import SyncHealth

MAX_PREVIOUS = 5  # each one not cached costs a request


@dataclass(frozen=True, slots=True)
class VisitorHistory:
    previous: tuple[Conversation, ...]  # the contact's other conversations, newest first
    pages: tuple[PageVisit, ...]  # pages browsed, as Crisp lists them (newest first)


class VisitorContext:
    def __init__(
        self,
        client: CrispClient,
        store: Store,
        health: SyncHealth,
        emit: Callable[[InboxEvent], None],
    ) -> None:
        self._client = client
        self._store = store
        self._health = health
        self._emit = emit
        self._known: dict[str, VisitorHistory] = {}
        self._loading: set[str] = set()

    def get(self, session_id: str) -> VisitorHistory | None:
        return self._known.get(session_id)

    async def load(self, conversation: Conversation) -> None:
        """Fetch the history of this conversation's visitor unless this session has it; a
        failure leaves it unknown (asked again the next time the panel shows it)."""
        session_id = conversation.session_id
        if session_id in self._known or session_id in self._loading:
            return
        self._loading.add(session_id)

        async def fetch() -> None:
            previous = await self._previous(conversation)
            pages = await self._client.list_pages(session_id)
            self._known[session_id] = VisitorHistory(tuple(previous), tuple(pages))

        try:
            fetched = await self._health.guard(fetch(), background=True)
        finally:
            self._loading.discard(session_id)
        if fetched:
            self._emit(VisitorContextChanged(session_id))

    async def _previous(self, conversation: Conversation) -> list[Conversation]:
        """By the contact's people id; without one, Crisp's search by the visitor's email."""
        session_id, email = conversation.session_id, conversation.meta.email
        if conversation.people_id:
            ids = await self._client.people_conversations(conversation.people_id)
            others = [other for other in ids if other != session_id][:MAX_PREVIOUS]
            found = [self._store.conversation(other) for other in others]
            missing = [other for other, known in zip(others, found, strict=True) if not known]
            fetched = [await self._client.get_conversation(other) for other in missing]
            self._store.upsert_conversations(fetched)
            by_id = {c.session_id: c for c in [*filter(None, found), *fetched]}
            return [by_id[other] for other in others if other in by_id]
        if email:
            hits = await self._client.list_conversations(1, ConversationQuery(search=email))
            return [
                hit for hit in hits if hit.session_id != session_id and hit.meta.email == email
            ][:MAX_PREVIOUS]
        return []
