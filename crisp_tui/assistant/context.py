"""One conversation as an assistant needs it: the conversation, the visitor's profile and the
newest messages, in one JSON object (`crisp-tui context S --json` and the MCP server)."""

from __future__ import annotations

from typing import Any

from . import shape
from .reader import InboxReader

DEFAULT_MESSAGES = 20
MAX_MESSAGES = 200


async def operators_by_id(reader: InboxReader) -> dict[str, Any]:
    """Operators by user id, from the cache, else asked once (names for assignees, authors)."""
    known = reader.known_operators()
    if not known:
        known = (await reader.operators()).value
    return shape.by_id(known)


async def conversation_context(
    reader: InboxReader, session_id: str, messages: int = DEFAULT_MESSAGES
) -> dict[str, Any]:
    limit = max(1, min(MAX_MESSAGES, messages))
    answer = await reader.conversation(session_id, limit)
    conversation, newest, more = answer.value
    operators = await operators_by_id(reader)
    return {
        "notice": shape.UNTRUSTED_NOTICE,
        "source": answer.source,
        "conversation": shape.conversation(conversation, operators),
        "profile": shape.profile(conversation.meta),
        "messages": shape.messages(newest, operators),
        "older_messages_before_ms": newest[0].timestamp if more and newest else None,
    }
