"""Raw Crisp payloads for the store tests, parsed the way the client parses them."""

from __future__ import annotations

from typing import Any

from crisp_tui.crisp.models import Conversation, Message

T0 = 1_700_000_000_000


def conversation(index: int, **overrides: Any) -> Conversation:
    raw: dict[str, Any] = {
        "session_id": f"session_{index:05d}",
        "website_id": "website-1",
        "state": "unresolved",
        "updated_at": T0 + index * 1000,
        "created_at": T0,
        "unread": {"operator": 0, "visitor": 0},
        "assigned": {},
        "mentions": [],
        "last_message": f"last words {index}",
        "meta": {
            "nickname": f"Visitor {index}",
            "email": f"visitor{index}@example.com",
            "subject": "",
            "segments": [],
        },
    }
    raw.update(overrides)
    return Conversation.parse(raw)


def message(session_id: str, index: int, content: Any = None, **overrides: Any) -> Message:
    raw: dict[str, Any] = {
        "session_id": session_id,
        "type": "text",
        "from": "user" if index % 2 else "operator",
        "origin": "chat",
        "content": f"message number {index}" if content is None else content,
        "fingerprint": 2**62 + index,  # above 2**53: must survive without float rounding
        "timestamp": T0 + index,
    }
    raw.update(overrides)
    return Message.parse(raw)
