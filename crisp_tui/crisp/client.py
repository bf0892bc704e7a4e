"""The async Crisp REST API v1 client: one method per endpoint we use (facts: docs/crisp-api.md)."""

from __future__ import annotations

import functools
import secrets
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from . import errors
from .credentials import DEFAULT_API_URL, Credentials
from .files import FileTransfer
from .models import (
    STATES,
    Conversation,
    ConversationMeta,
    Message,
    MessageBatch,
    Operator,
    PageVisit,
    Website,
    WebsiteInbox,
)
from .parse import as_bool, as_map, as_opt_str
from .transport import RetryPolicy, Sleep, Transport
from .usage import RequestUsage

if TYPE_CHECKING:
    import httpx

_ORDERS = ("created", "updated", "waiting")


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verified TLS context per process: building one loads the CA bundle (tens of ms),
    which httpx would otherwise do for every client. Plain-http URLs (the emulator) need none."""
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _http_client(
    credentials: Credentials,
    api_url: str,
    timeout: float,
    transport: httpx.AsyncBaseTransport | None,
) -> httpx.AsyncClient:
    # httpx loads here, on the first request, not at import: the app paints first.
    import httpx

    secure = api_url.startswith("https:")
    return httpx.AsyncClient(
        base_url=api_url.rstrip("/") + "/",
        auth=httpx.BasicAuth(credentials.token_id, credentials.token_key),
        headers={"X-Crisp-Tier": credentials.tier, "User-Agent": f"crisp-tui/{__version__}"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        # One connection per conversation of a full page, so a sweep is one round trip.
        limits=httpx.Limits(max_connections=50, max_keepalive_connections=50),
        verify=_tls_context() if secure else False,
        # A proxy from the environment (HTTP_PROXY, ALL_PROXY) would see a plain-http request,
        # Basic-auth header included, in clear: plain http (the local emulator) goes direct.
        trust_env=secure,
        transport=transport,
    )


def new_fingerprint() -> int:
    """A client-chosen message fingerprint: random, positive, above 32 bits, inside int53 so that
    JavaScript consumers of the same data (the Crisp dashboard) keep it exact."""
    return secrets.randbelow(2**53 - 2**33) + 2**33


def _message_body(
    message_type: str, content: Any, fingerprint: int, user: Mapping[str, str] | None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": message_type,
        "from": "operator",
        "origin": "chat",
        "content": content,
        "fingerprint": fingerprint,
    }
    if user:
        body["user"] = dict(user)
    return body


def _one_segment(identifier: str, kind: str) -> str:
    """`identifier` if it is exactly one URL path segment. httpx resolves `.` and `..` (a
    resolve of session `..` would PATCH the website's own route), so they never reach a path."""
    # isprintable() is False for controls, separators and lone surrogates (no encoder takes them).
    if identifier in ("", ".", "..") or "/" in identifier or not identifier.isprintable():
        raise errors.InvalidIdError(
            f"That {kind} id is not a valid Crisp id (one path segment, not empty, '.' or '..', "
            "without '/'): copy it exactly as Crisp shows it."
        )
    return identifier


@dataclass(frozen=True)
class ConversationQuery:
    """Search text and filters of `GET /website/{w}/conversations/{page}`."""

    search: str = ""
    search_type: str = "text"
    search_operator: str = ""
    include_empty: bool = False
    inbox_id: str = ""
    unread: bool = False
    resolved: bool = False
    not_resolved: bool = False
    mention: bool = False
    assigned: str = ""
    unassigned: bool = False
    date_start: str = ""
    date_end: str = ""
    order: str = "updated"

    def params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.search:
            params["search_query"] = self.search
            params["search_type"] = self.search_type
            if self.search_operator:
                params["search_operator"] = self.search_operator
        flags = {
            "include_empty": self.include_empty,
            "filter_unread": self.unread,
            "filter_resolved": self.resolved,
            "filter_not_resolved": self.not_resolved,
            "filter_mention": self.mention,
            "filter_unassigned": self.unassigned,
        }
        params.update({name: "1" for name, on in flags.items() if on})
        for name, value in (
            ("filter_inbox_id", self.inbox_id),
            ("filter_assigned", self.assigned),
            ("filter_date_start", self.date_start),
            ("filter_date_end", self.date_end),
        ):
            if value:
                params[name] = value
        if self.order in _ORDERS:
            params[f"order_date_{self.order}"] = "1"
        return params


class CrispClient:
    def __init__(
        self,
        credentials: Credentials,
        *,
        api_url: str = DEFAULT_API_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 15.0,
        retry: RetryPolicy | None = None,
        usage: RequestUsage | None = None,
        sleep: Sleep | None = None,
        read_only: bool = False,
    ) -> None:
        """`read_only`: every request but GET and HEAD fails with ReadOnlyError, unsent."""
        self.website_id = credentials.website_id
        self.credentials = credentials  # the live socket authenticates with them too
        self.usage = usage or RequestUsage()

        def connect() -> httpx.AsyncClient:
            return _http_client(credentials, api_url, timeout, transport)

        extra = {"sleep": sleep} if sleep else {}
        self._transport = Transport(
            connect, retry=retry or RetryPolicy(), usage=self.usage, read_only=read_only, **extra
        )
        # Attachment bytes: no token goes with them (crisp/files.py).
        self.files = FileTransfer(transport, read_only=read_only)

    def __repr__(self) -> str:
        return f"CrispClient(website_id={self.website_id!r})"

    async def __aenter__(self) -> CrispClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()

    # --- paths ------------------------------------------------------------------------------

    def _website(self, *parts: str | int) -> str:
        segments = ["website", _one_segment(self.website_id, "website"), *map(str, parts)]
        return "/".join(quote(segment, safe="") for segment in segments)

    def _conversation(self, session_id: str, *parts: str | int) -> str:
        return self._website("conversation", _one_segment(session_id, "session"), *parts)

    async def _get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return (await self._transport.request("GET", path, params=params)).data

    async def _patch(self, path: str, body: Any) -> None:
        await self._transport.request("PATCH", path, body=body)

    # --- live updates (RTM) ------------------------------------------------------------------

    async def socket_url(self) -> str:
        """Where the RTM socket is for this token's tier (`data.socket.app`, else the rescue)."""
        tier = "website" if self.credentials.tier == "website" else "plugin"
        data = self._expect_map(await self._get(f"{tier}/connect/endpoints"))
        for endpoints in (data, as_map(data.get("rescue"))):
            url = as_opt_str(as_map(endpoints.get("socket")).get("app"))
            if url and url.startswith(("http://", "https://", "ws://", "wss://")):
                return url
        raise errors.MalformedResponseError("Crisp gave no live-updates endpoint for this token.")

    # --- website and operators --------------------------------------------------------------

    async def get_website(self) -> Website:
        return Website.parse(self._expect_map(await self._get(self._website())))

    async def list_operators(self) -> list[Operator]:
        data = self._expect_list(await self._get(self._website("operators", "list")))
        return [Operator.parse(item) for item in data]

    async def list_inboxes(self, page: int = 1) -> list[WebsiteInbox]:
        """One page of the website's inboxes (an empty list past the last page)."""
        data = self._expect_list(await self._get(self._website("inboxes", "list", str(page))))
        return [WebsiteInbox.parse(item) for item in data]

    # --- conversations ----------------------------------------------------------------------

    async def list_conversations(
        self,
        page: int = 1,
        query: ConversationQuery | None = None,
        *,
        per_page: int | None = None,
    ) -> list[Conversation]:
        """One page (from 1) of conversations; an empty list past the last page."""
        params = (query or ConversationQuery()).params()
        if per_page is not None:
            params["per_page"] = str(max(20, min(50, per_page)))
        data = self._expect_list(await self._get(self._website("conversations", page), params))
        return [Conversation.parse(item) for item in data]

    async def get_conversation(self, session_id: str) -> Conversation:
        data = self._expect_map(await self._get(self._conversation(session_id)))
        conversation = Conversation.parse(data)
        if conversation.session_id:
            return conversation
        return conversation.patched(session_id=session_id)

    async def conversation_exists(self, session_id: str) -> bool:
        try:
            await self._transport.request("HEAD", self._conversation(session_id))
        except errors.NotFoundError:
            return False
        return True

    async def delete_conversation(self, session_id: str) -> None:
        await self._transport.request("DELETE", self._conversation(session_id))

    # --- messages ---------------------------------------------------------------------------

    async def get_messages(
        self, session_id: str, before: int | None = None, *, after: int | None = None
    ) -> MessageBatch:
        """The newest batch, or the batch before `before` (ms, exclusive), or the messages
        after `after` (ms, exclusive): oldest first."""
        params = {}
        if before is not None:
            params["timestamp_before"] = str(before)
        if after is not None:
            params["timestamp_after"] = str(after)
        reply = await self._transport.request(
            "GET", self._conversation(session_id, "messages"), params=params or None
        )
        messages = sorted(
            (Message.parse(item) for item in self._expect_list(reply.data)),
            key=lambda message: message.timestamp,
        )
        return MessageBatch(tuple(messages), has_more=reply.status == 206)

    async def get_older_messages(self, session_id: str, oldest_known: int) -> MessageBatch:
        """The batch that ends at `oldest_known` (ms), that instant included: two messages can
        share a millisecond and `timestamp_before` is exclusive, so asking for the batch before
        it would skip a message tied with the oldest one known. De-duplicate by fingerprint."""
        return await self.get_messages(session_id, oldest_known + 1)

    async def get_new_messages(self, session_id: str, newest_known: int) -> MessageBatch:
        """Messages from `newest_known` (ms) on, that instant included (for ties); `has_more`
        when Crisp has more after this batch. De-duplicate by fingerprint."""
        return await self.get_messages(session_id, after=newest_known - 1)

    async def walk_messages(
        self, session_id: str, limit: int, before: int | None = None
    ) -> tuple[list[Message], bool]:
        """Up to `limit` newest messages (older than `before`), walking back through 206
        batches; oldest first, de-duplicated by fingerprint, none skipped when several share
        a batch's oldest millisecond. Also says if older ones remain."""
        seen: dict[int, Message] = {}
        batch = await self.get_messages(session_id, before)
        while True:
            fresh = [m for m in batch.messages if m.fingerprint not in seen]
            seen.update((m.fingerprint, m) for m in fresh)
            oldest = batch.oldest_timestamp
            # No fresh message: the server ignores the cursor, or more messages share one
            # millisecond than a batch holds. Either way, stop rather than loop.
            has_more = batch.has_more and bool(fresh) and oldest is not None
            if not has_more or len(seen) >= limit or oldest is None:
                break
            batch = await self.get_older_messages(session_id, oldest)
        ordered = sorted(seen.values(), key=lambda message: message.timestamp)
        trimmed = len(ordered) > limit
        return ordered[-limit:] if limit > 0 else [], has_more or trimmed

    async def get_message(self, session_id: str, fingerprint: int) -> Message | None:
        try:
            data = await self._get(self._conversation(session_id, "message", fingerprint))
        except errors.NotFoundError:
            return None
        message = Message.parse(self._expect_map(data))
        # Trust only an answer that is the message asked for (a cache or proxy may serve another).
        same_session = message.session_id in ("", session_id)
        return message if message.fingerprint == fingerprint and same_session else None

    async def send_message(
        self,
        session_id: str,
        content: str,
        *,
        note: bool = False,
        fingerprint: int | None = None,
        user: Mapping[str, str] | None = None,
        resend: bool = True,
    ) -> int:
        """Send a reply (or a private note) exactly once; returns its fingerprint.

        The fingerprint is chosen here. If the outcome is unknown (timeout, 5xx, garbled
        answer, or a 404/408/409/499 that may follow a stored POST), the message is looked up
        by fingerprint before anything is reported, and sent again only if absent. An error
        that leaves it absent after the last look propagates; calling again with the same
        fingerprint is safe. With `resend=False` it is sent once and an unknown outcome raises at
        once: a server may store it later, so the caller settles it over time (the outbox does).
        """
        fingerprint = fingerprint or new_fingerprint()
        body = _message_body("note" if note else "text", content, fingerprint, user)
        path = self._conversation(session_id, "message")
        attempts = max(1, self._transport.retry.attempts)
        for attempt in range(attempts):
            try:
                await self._transport.send_once("POST", path, body=body)
                return fingerprint
            except errors.CrispError as error:
                # Only an unknown outcome is worth a look-and-resend; a refusal is final.
                if not (error.maybe_stored and resend):
                    raise
                unknown = error
            await self._transport.back_off(attempt)  # a failing server gets a breath
            if await self.find_message(session_id, fingerprint):
                return fingerprint
        raise unknown

    async def send_file(
        self,
        session_id: str,
        file: Mapping[str, str],
        *,
        fingerprint: int | None = None,
        user: Mapping[str, str] | None = None,
    ) -> int:
        """Post a `file` message (`file` = {name, url, type}) at most once; returns its
        fingerprint. An unknown outcome is looked up once; if the message is not there, it
        raises UnconfirmedSendError and never posts again: it may still arrive."""
        fingerprint = fingerprint or new_fingerprint()
        body = _message_body("file", dict(file), fingerprint, user)
        try:
            await self._transport.send_once(
                "POST", self._conversation(session_id, "message"), body=body
            )
        except errors.CrispError as error:
            if not error.maybe_stored:
                raise
            await self._transport.back_off(0)
            if await self.find_message(session_id, fingerprint):
                return fingerprint
            raise errors.UnconfirmedSendError(status=error.status, reason=error.reason) from None
        return fingerprint

    async def generate_upload_url(self, request_id: str, name: str, mime_type: str) -> None:
        """Ask for a signed upload URL; it arrives over RTM (crisp/uploads.py)."""
        # The official clients' BucketURLRequest: Crisp fills `from` and `identifier` itself.
        body = {"namespace": "upload", "id": request_id, "file": {"name": name, "type": mime_type}}
        await self._transport.send_once("POST", "bucket/url/generate", body=body)

    async def edit_message(self, session_id: str, fingerprint: int, content: str) -> None:
        """Replace the text of a text message or a private note (`PATCH …/message/{fingerprint}`
        `{"content"}`); Crisp marks it `edited`."""
        path = self._conversation(session_id, "message", fingerprint)
        await self._patch(path, {"content": content})

    async def delete_message(self, session_id: str, fingerprint: int) -> None:
        """Remove a message from the conversation (`DELETE …/message/{fingerprint}`)."""
        path = self._conversation(session_id, "message", fingerprint)
        await self._transport.request("DELETE", path)

    async def find_message(self, session_id: str, fingerprint: int) -> bool:
        """Whether a message with this fingerprint is stored (the outbox asks before resending)."""
        return await self.get_message(session_id, fingerprint) is not None

    async def mark_read(self, session_id: str, fingerprints: Sequence[int] = ()) -> None:
        """Mark the visitor's messages as read by the operators."""
        body: dict[str, Any] = {"from": "user", "origin": "chat"}
        if fingerprints:
            body["fingerprints"] = list(fingerprints)
        await self._patch(self._conversation(session_id, "read"), body)

    async def mark_unread(self, session_id: str) -> None:
        await self._patch(self._conversation(session_id, "unread"), {"from": "user"})

    async def mark_delivered(self, session_id: str, fingerprints: Sequence[int] = ()) -> None:
        body: dict[str, Any] = {"from": "user", "origin": "chat"}
        if fingerprints:
            body["fingerprints"] = list(fingerprints)
        await self._patch(self._conversation(session_id, "delivered"), body)

    async def set_composing(self, session_id: str, composing: bool) -> None:
        body = {"type": "start" if composing else "stop", "from": "operator"}
        await self._patch(self._conversation(session_id, "compose"), body)

    # --- state, meta, routing, block --------------------------------------------------------

    async def get_state(self, session_id: str) -> str:
        data = self._expect_map(await self._get(self._conversation(session_id, "state")))
        return str(data.get("state", ""))

    async def set_state(self, session_id: str, state: str) -> None:
        if state not in STATES:
            raise errors.InvalidDataError(f"Unknown state {state!r}: use one of {STATES}.")
        await self._patch(self._conversation(session_id, "state"), {"state": state})

    async def get_meta(self, session_id: str) -> ConversationMeta:
        data = self._expect_map(await self._get(self._conversation(session_id, "meta")))
        return ConversationMeta.parse(data)

    async def update_meta(self, session_id: str, changes: Mapping[str, Any]) -> None:
        await self._patch(self._conversation(session_id, "meta"), dict(changes))

    async def set_segments(self, session_id: str, segments: Sequence[str]) -> None:
        """The conversation's segments become exactly `segments` (`PATCH …/meta`)."""
        await self.update_meta(session_id, {"segments": list(segments)})

    async def list_pages(self, session_id: str, page: int = 1) -> list[PageVisit]:
        """Pages the visitor browsed, one page (from 1) of the list."""
        data = self._expect_list(await self._get(self._conversation(session_id, "pages", page)))
        return [PageVisit.parse(item) for item in data]

    async def people_conversations(self, people_id: str, page: int = 1) -> list[str]:
        """Session ids of a contact's conversations, one page (from 1) of the list."""
        people = _one_segment(people_id, "people")
        data = self._expect_list(
            await self._get(self._website("people", "conversations", people, "list", page))
        )
        return [item for item in data if isinstance(item, str) and item]

    async def get_assigned(self, session_id: str) -> str | None:
        data = self._expect_map(await self._get(self._conversation(session_id, "routing")))
        return as_opt_str(as_map(data.get("assigned")).get("user_id"))

    async def assign(self, session_id: str, user_id: str | None) -> None:
        """Assign to an operator; None unassigns."""
        assigned = {"user_id": user_id} if user_id else None
        await self._patch(self._conversation(session_id, "routing"), {"assigned": assigned})

    async def is_blocked(self, session_id: str) -> bool:
        data = self._expect_map(await self._get(self._conversation(session_id, "block")))
        return as_bool(data.get("blocked"))

    async def set_blocked(self, session_id: str, blocked: bool) -> None:
        await self._patch(self._conversation(session_id, "block"), {"blocked": blocked})

    # --- batches: one request for many conversations ----------------------------------------

    async def batch_resolve(self, session_ids: Sequence[str]) -> None:
        await self._batch("resolve", session_ids)

    async def batch_unresolve(self, session_ids: Sequence[str]) -> None:
        await self._batch("unresolve", session_ids)

    async def batch_mark_read(self, session_ids: Sequence[str]) -> None:
        """Mark the visitors' messages of these conversations as read."""
        await self._batch("read", session_ids)

    async def batch_mark_unread(self, session_ids: Sequence[str]) -> None:
        await self._batch("unread", session_ids)

    async def batch_assign(self, session_ids: Sequence[str], user_id: str | None) -> None:
        """Assign these conversations to an operator; None unassigns them."""
        assigned = {"user_id": user_id} if user_id else None
        await self._batch("routing", session_ids, assigned=assigned)

    async def _batch(self, operation: str, session_ids: Sequence[str], **fields: Any) -> None:
        sessions = list(dict.fromkeys(session_ids))
        # Without `sessions`, Crisp's batch acts on EVERY conversation of the website (and an
        # empty list is dropped by some clients' `omitempty`): never send one.
        if not sessions or not all(isinstance(s, str) and s.strip() for s in sessions):
            raise errors.InvalidIdError(
                "A batch needs at least one session id, none of them empty: nothing was sent."
            )
        await self._patch(self._website("batch", operation), {"sessions": sessions, **fields})

    # --- shape checks -----------------------------------------------------------------------

    @staticmethod
    def _expect_map(data: Any) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise errors.MalformedResponseError()
        return data

    @staticmethod
    def _expect_list(data: Any) -> list[Any]:
        if not isinstance(data, list):
            raise errors.MalformedResponseError()
        return data
