"""Reading the inbox for an assistant: Crisp first, the local cache when Crisp cannot answer.

Answers from Crisp are written to the same local store the app uses (so the app and the
assistant warm each other's cache); when Crisp is unreachable, rate limited or out of quota,
the cached copy answers and says so. The client given here is read-only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..crisp import errors
from ..crisp.client import CrispClient
from ..crisp.models import Conversation, Message, Operator
from ..inbox.store import Store
from ..inbox.views import View

T = TypeVar("T")
PAGE_SIZE = 20
# Errors after which the local cache answers instead.
_UNAVAILABLE = (
    errors.NetworkError,
    errors.ServerError,
    errors.MalformedResponseError,
    errors.RateLimitedError,
    errors.QuotaExceededError,
)


@dataclass(frozen=True)
class Answer:
    """What was read, and where from: "crisp", or "local cache" (with why)."""

    value: Any
    source: str


class InboxReader:
    def __init__(self, client: CrispClient, store: Store, *, me: str | None = None) -> None:
        self.client = client
        self.store = store
        self.me = me

    async def _either(self, online: Callable[[], Awaitable[T]], offline: Callable[[], T]) -> Answer:
        try:
            return Answer(await online(), "crisp")
        except _UNAVAILABLE as error:
            return Answer(offline(), f"local cache ({error})")

    async def conversations(self, view: View, page: int = 1) -> Answer:
        """A page of the view's conversations (newest first), or a search's hits."""

        async def online() -> list[Conversation]:
            rows = await self.client.list_conversations(page, view.api_query(self.me))
            rows = [row for row in rows if view.accepts(row, self.me)]
            self.store.upsert_conversations(rows)
            return rows

        def offline() -> list[Conversation]:
            if view.search_text:
                hits = self.store.search_conversations(view.search_text, limit=page * PAGE_SIZE)
                return [c for c in hits if view.accepts(c, self.me)][-PAGE_SIZE:]
            return self.store.conversations(
                limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, where=view.cache_filter(self.me)
            )

        return await self._either(online, offline)

    def cached_search(self, query: str) -> list[Conversation]:
        """Conversations whose cached messages or visitor details match, offline too."""
        return self.store.search_conversations(query, limit=PAGE_SIZE)

    async def conversation(self, session_id: str, limit: int) -> Answer:
        """(conversation, newest messages oldest first, whether older ones remain)."""

        async def online() -> tuple[Conversation, list[Message], bool]:
            found = await self.client.get_conversation(session_id)
            newest, more = await self.client.walk_messages(session_id, limit)
            self.store.upsert_conversations([found])
            self.store.upsert_messages(session_id, newest)
            return found, newest, more

        def offline() -> tuple[Conversation, list[Message], bool]:
            cached = self.store.conversation(session_id)
            if cached is None:
                raise errors.NetworkError(
                    "Crisp cannot be reached and this conversation is not in the local cache."
                )
            newest = self.store.messages(session_id, limit=limit)
            return cached, newest, True

        return await self._either(online, offline)

    async def older_messages(self, session_id: str, before_ms: int, limit: int) -> Answer:
        """Up to `limit` messages older than `before_ms`, oldest first."""

        async def online() -> tuple[list[Message], bool]:
            older, more = await self.client.walk_messages(session_id, limit, before=before_ms)
            self.store.upsert_messages(session_id, older)
            return older, more

        def offline() -> tuple[list[Message], bool]:
            cached = [m for m in self.store.messages(session_id) if m.timestamp < before_ms]
            return cached[-limit:], len(cached) > limit

        return await self._either(online, offline)

    async def operators(self) -> Answer:
        async def online() -> list[Operator]:
            found = await self.client.list_operators()
            self.store.upsert_operators(found)
            return found

        return await self._either(online, self.store.operators)

    def known_operators(self) -> list[Operator]:
        """The cached operators (names for assignees and authors), without a request."""
        return self.store.operators()

    async def exists(self, session_id: str) -> bool:
        """Whether Crisp (or, offline, the cache) knows this conversation."""
        if self.store.conversation(session_id) is not None:
            return True
        answer = await self._either(
            lambda: self.client.conversation_exists(session_id), lambda: True
        )
        return bool(answer.value)
