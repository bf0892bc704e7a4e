"""`crisp-tui mcp`: a Model Context Protocol server over stdio, on the official `mcp` SDK.

Tools read the inbox (through a read-only client and the app's local cache) and propose replies
or private notes that wait in the app for the agent. No tool sends, changes a state or assigns:
the client refuses every request but GET and HEAD before it leaves the machine. Started with
`--read-only`, the server does not offer the propose tools either.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations

from .. import __version__
from ..config import Settings
from ..crisp import errors
from ..crisp.client import CrispClient
from ..inbox.proposals import ProposalError, propose
from ..inbox.store import Store, StoreError
from ..inbox.views import View
from ..untrusted import clean
from . import shape
from .context import DEFAULT_MESSAGES, MAX_MESSAGES, conversation_context, operators_by_id
from .reader import InboxReader

T = TypeVar("T")
Filter = Literal["open", "unread", "mine", "unassigned", "mentions", "resolved", "all"]

INSTRUCTIONS = (
    "Read a Crisp support inbox and propose replies or private notes for the human agent. "
    "You cannot send anything: a proposal waits in the agent's crisp-tui, where they edit it and "
    "send it themselves after a confirmation. " + shape.UNTRUSTED_NOTICE
)
_READS = ToolAnnotations(read_only_hint=True, open_world_hint=True)
_PROPOSES = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)
_ANONYMOUS = "an assistant via MCP"


async def _answering(work: Awaitable[T]) -> T:
    """Run a tool's work; a failure is one clean sentence for the model, never a traceback."""
    try:
        return await work
    except (errors.CrispError, StoreError, ProposalError, ValueError) as error:
        raise ToolError(clean(str(error), single_line=True, max_chars=500)) from None


def _author(ctx: Context) -> str:
    params = ctx.session.client_params
    name = params.client_info.name if params is not None else ""
    return f"{name} via MCP" if name else _ANONYMOUS


def build_server(reader: InboxReader, *, allow_proposals: bool, now_ms: Callable[[], int]) -> Any:
    server = MCPServer(
        name="crisp-tui",
        title="crisp-tui: Crisp inbox (read, and propose replies for a human to send)",
        version=__version__,
        instructions=INSTRUCTIONS,
        # Warnings only: stderr is the client's log, and request lines add nothing there.
        log_level="WARNING",
    )

    @server.tool(annotations=_READS)
    async def list_conversations(
        filter: Filter = "open", search: str = "", page: int = 1
    ) -> dict[str, Any]:
        """List conversations of a view, newest first, 20 per page (page from 1). Filters:
        open (unresolved and pending), unread, mine, unassigned, mentions, resolved, all;
        `search` narrows them to Crisp's text search."""

        async def work() -> dict[str, Any]:
            view = View.builtin(filter, search.strip())
            answer = await reader.conversations(view, max(1, page))
            operators = await operators_by_id(reader)
            return {
                "notice": shape.UNTRUSTED_NOTICE,
                "source": answer.source,
                "view": view.spec.help,
                "page": max(1, page),
                "conversations": [shape.conversation(c, operators) for c in answer.value],
            }

        return await _answering(work())

    @server.tool(annotations=_READS)
    async def get_conversation(session_id: str, messages: int = DEFAULT_MESSAGES) -> dict[str, Any]:
        """One conversation: state, assignee, the visitor's profile and the newest messages
        (up to 200, oldest first). `older_messages_before_ms` continues with
        get_older_messages."""
        return await _answering(conversation_context(reader, session_id, messages))

    @server.tool(annotations=_READS)
    async def get_older_messages(
        session_id: str, before_ms: int, limit: int = DEFAULT_MESSAGES
    ) -> dict[str, Any]:
        """Messages older than `before_ms` (a message's timestamp_ms), oldest first."""

        async def work() -> dict[str, Any]:
            count = max(1, min(MAX_MESSAGES, limit))
            answer = await reader.older_messages(session_id, before_ms, count)
            older, more = answer.value
            operators = await operators_by_id(reader)
            return {
                "notice": shape.UNTRUSTED_NOTICE,
                "source": answer.source,
                "messages": shape.messages(older, operators),
                "older_messages_before_ms": older[0].timestamp if more and older else None,
            }

        return await _answering(work())

    @server.tool(annotations=_READS)
    async def search_conversations(query: str, page: int = 1) -> dict[str, Any]:
        """Search every conversation (Crisp's text search, plus the local cache's full-text
        index over messages, names, emails and subjects)."""

        async def work() -> dict[str, Any]:
            if not query.strip():
                raise ValueError("The search is empty: give a word to look for.")
            answer = await reader.conversations(View.builtin("all", query.strip()), max(1, page))
            seen = {c.session_id for c in answer.value}
            cached = [c for c in reader.cached_search(query) if c.session_id not in seen]
            operators = await operators_by_id(reader)
            return {
                "notice": shape.UNTRUSTED_NOTICE,
                "source": answer.source,
                "conversations": [shape.conversation(c, operators) for c in answer.value],
                "also_in_local_cache": [shape.conversation(c, operators) for c in cached],
            }

        return await _answering(work())

    @server.tool(annotations=_READS)
    async def list_operators() -> dict[str, Any]:
        """The website's operators (user ids, names, roles, availability)."""

        async def work() -> dict[str, Any]:
            answer = await reader.operators()
            return {"source": answer.source, "operators": [shape.operator(o) for o in answer.value]}

        return await _answering(work())

    if allow_proposals:

        async def _propose(ctx: Context, session_id: str, text: str, kind: str) -> dict[str, Any]:
            if not await reader.exists(session_id):
                raise errors.NotFoundError("Crisp has no conversation with that session id.")
            made = propose(
                reader.store, session_id, text, kind=kind, author=_author(ctx), now_ms=now_ms()
            )
            return {
                "proposal_id": made.id,
                "session_id": made.session_id,
                "kind": made.kind,
                "status": "Waiting for the agent in crisp-tui: they take it into the composer "
                "to edit and send it, or dismiss it. Nothing was sent.",
            }

        @server.tool(annotations=_PROPOSES)
        async def propose_reply(session_id: str, text: str, ctx: Context) -> dict[str, Any]:
            """Propose a reply to the visitor. It is NOT sent: it waits in the agent's crisp-tui,
            where the agent edits and sends it (after a confirmation) or dismisses it."""
            return await _answering(_propose(ctx, session_id, text, "reply"))

        @server.tool(annotations=_PROPOSES)
        async def propose_note(session_id: str, text: str, ctx: Context) -> dict[str, Any]:
            """Propose a private note (seen by operators only). It is NOT posted: it waits in
            the agent's crisp-tui for them to take or dismiss."""
            return await _answering(_propose(ctx, session_id, text, "note"))

    return server


async def serve(settings: Settings) -> None:
    """Serve over stdin/stdout until the client closes them. The HTTP client is read-only
    whatever the settings say; `read_only` also withholds the propose tools."""
    credentials = settings.credentials()
    store, notice = Store.for_website(credentials.website_id)
    if notice:
        import sys

        print(clean(notice, single_line=True), file=sys.stderr)  # stdout carries the protocol
    client = CrispClient(credentials, api_url=settings.api_url, read_only=True)
    reader = InboxReader(client, store, me=settings.operator_id or None)
    server = build_server(
        reader,
        allow_proposals=not settings.read_only,
        now_ms=lambda: int(time.time() * 1000),
    )
    try:
        await server.run_stdio_async()
    finally:
        await client.aclose()
        store.close()
