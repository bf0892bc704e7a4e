"""Fixed Crisp data for rendering tests and snapshots: one message of every type, a visitor with
every profile field, a clock frozen at 2024-03-12 15:00 UTC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from crisp_tui.crisp.models import Conversation, Message, Operator
from crisp_tui.tui.render.visitor import OtherConversation

NOW = datetime(2024, 3, 12, 15, 0, tzinfo=timezone.utc).timestamp()
MINUTE_MS = 60_000


@pytest.fixture
def utc() -> Iterator[None]:
    """tests/support/environment.py sets TZ=UTC; the C library reads it on tzset()."""
    time.tzset()
    yield


def at(minutes_ago: float) -> int:
    return int(NOW * 1000 - minutes_ago * MINUTE_MS)


def message(
    type_: str = "text",
    content: Any = "Hello",
    *,
    sender: str = "user",
    minutes_ago: float = 5,
    fingerprint: int | None = None,
    **extra: Any,
) -> Message:
    timestamp = at(minutes_ago)
    raw = {
        "session_id": "session_alice",
        "type": type_,
        "from": sender,
        "origin": "chat",
        "content": content,
        "fingerprint": timestamp if fingerprint is None else fingerprint,
        "timestamp": timestamp,
        **extra,
    }
    return Message.parse(raw)


def operator_reply(content: Any, *, minutes_ago: float, **extra: Any) -> Message:
    extra.setdefault("user", {"user_id": "op_jane", "nickname": "Jane Doe"})
    return message("text", content, sender="operator", minutes_ago=minutes_ago, **extra)


FILE = {
    "name": "invoice-4521.pdf",
    "url": "https://files.example.com/i/4521.pdf",
    "type": "application/pdf",
}
ANIMATION = {"url": "https://media.example.com/thanks.gif", "type": "image/gif"}
AUDIO = {"url": "https://media.example.com/voice.webm", "type": "audio/webm", "duration": 65}
PICKER = {
    "id": "rating",
    "text": "How was our help?",
    "choices": [
        {"value": "good", "label": "Great", "selected": True},
        {"value": "bad", "label": "Not great", "selected": False},
    ],
}
FIELD = {
    "id": "email",
    "text": "What is your email?",
    "explain": "We reply there",
    "value": "alice@example.com",
}
CAROUSEL = {
    "text": "Pick a plan",
    "targets": [
        {
            "title": "Pro",
            "description": "For teams",
            "actions": [{"label": "Choose Pro", "url": "https://example.com/pro"}],
        },
        {
            "title": "Free",
            "description": "For one person",
            "actions": [{"label": "Choose Free", "url": "https://example.com/free"}],
        },
    ],
}
EVENT = {"namespace": "state:resolved", "text": "Conversation marked as resolved"}


def every_type() -> list[Message]:
    """A conversation over two days with one message of every kind, oldest first."""
    return [
        message("text", "Hi! My order #4521 never arrived.", minutes_ago=24 * 60 + 30),
        operator_reply("Sorry about that, let me check.", minutes_ago=24 * 60 + 25, read=True),
        message("file", FILE, minutes_ago=60),
        message("animation", ANIMATION, minutes_ago=58),
        message("audio", AUDIO, minutes_ago=57, origin="urn:crisp.im:whatsapp:0"),
        message(
            "note",
            "VIP customer: refund without asking.",
            sender="operator",
            minutes_ago=50,
            user={"nickname": "Jane Doe"},
        ),
        message(
            "picker",
            PICKER,
            sender="operator",
            minutes_ago=40,
            delivered=True,
            automated=True,
            user={"nickname": "Bot"},
        ),
        message("field", FIELD, sender="operator", minutes_ago=39, user={"nickname": "Bot"}),
        message("carousel", CAROUSEL, sender="operator", minutes_ago=38, user={"nickname": "Bot"}),
        message(
            "text",
            "Merci, c'est bon ! See https://example.com/order/4521.",
            minutes_ago=30,
            edited=True,
            translated=True,
            origin="email",
        ),
        message("poll", {"question": "Which day?", "options": [1, 2]}, minutes_ago=20),
        operator_reply("Refund sent. Anything else?", minutes_ago=10, delivered=True),
        message("event", EVENT, sender="operator", minutes_ago=5),
    ]


def conversation(**meta: Any) -> Conversation:
    raw_meta = {
        "nickname": "Alice Martin",
        "email": "alice@example.com",
        "phone": "+33 6 12 34 56 78",
        "address": "12 rue de la Paix, Paris",
        "subject": "Order #4521 missing",
        "ip": "203.0.113.7",
        "segments": ["vip", "returning"],
        "data": {"plan": "pro", "orders": 12, "signup": "2021-04-02"},
        "device": {
            "geolocation": {"country": "FR", "region": "Île-de-France", "city": "Paris"},
            "system": {
                "os": {"name": "macOS", "version": "14.2"},
                "browser": {"name": "Firefox", "version": "121"},
            },
            "timezone": -60,
            "locales": ["fr-FR", "en"],
        },
        **meta,
    }
    return Conversation.parse(
        {
            "session_id": "session_alice",
            "website_id": "website_1",
            "state": "unresolved",
            "meta": raw_meta,
            "mentions": ["op_me"],
            "assigned": {"user_id": "op_jane"},
            "waiting_since": at(12),
            "created_at": at(24 * 60 + 30),
            "updated_at": at(5),
        }
    )


OPERATORS = [
    Operator.parse({"details": {"user_id": "op_jane", "first_name": "Jane", "last_name": "Doe"}}),
    Operator.parse({"details": {"user_id": "op_me", "first_name": "Sam", "last_name": "Lee"}}),
]
ME = OPERATORS[1]
OTHER_CONVERSATIONS = [
    OtherConversation(
        "session_old_1", "Can I change my delivery address?", int(NOW - 3 * 86400) * 1000
    ),
    OtherConversation("session_old_2", "Thanks, all good!"),
]
