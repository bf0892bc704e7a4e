"""Crisp payloads with one hostile value in every field that reaches the screen, built as raw
JSON and parsed the way the client does, so malformed types are part of the test."""

from __future__ import annotations

import re
from typing import Any

from textual.content import Content

from crisp_tui.crisp.models import Conversation, Message, Operator

# What must never reach the terminal: C0 (newline aside), DEL, C1 (ESC and CSI among them),
# bidi controls.
UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def hostile_messages(value: Any) -> list[Message]:
    text = value if isinstance(value, str) else "x"
    choice = {"value": value, "label": value, "selected": value}
    contents = {
        "text": value,
        "note": value,
        "file": {"name": value, "url": value, "type": value},
        "animation": {"url": value, "type": value},
        "audio": {"url": value, "type": value, "duration": value},
        "picker": {"id": value, "text": value, "choices": [choice, value]},
        "field": {"id": value, "text": value, "explain": value, "value": value},
        "carousel": {
            "text": value,
            "targets": [
                {
                    "title": value,
                    "description": value,
                    "image": value,
                    "actions": [{"label": value, "url": value}, value],
                },
                value,
            ],
        },
        "event": {"namespace": value, "text": value},
        text: value,  # a message type nobody knows
    }
    raws: list[Any] = [
        {
            "type": type_,
            "from": sender,
            "origin": value,
            "content": content,
            "fingerprint": index,
            "timestamp": 1_710_000_000_000 + index,
            "user": {"nickname": value, "user_id": value},
            "read": value,
            "delivered": value,
            "edited": value,
        }
        for index, (type_, content) in enumerate(contents.items())
        for sender in ("user", "operator")
    ]
    raws += [{"type": type_, "content": value} for type_ in contents]  # malformed contents
    raws.append(value)  # the whole message
    return [Message.parse(raw) for raw in raws]


def hostile_conversation(value: Any) -> Conversation:
    key = value if isinstance(value, str) else "key"
    place = {"country": value, "region": value, "city": value}
    meta = {
        **{field: value for field in ("nickname", "email", "phone", "address", "subject", "ip")},
        "segments": [value, value],
        "data": {key: value, "plain": value},
        "device": {
            "geolocation": place,
            "system": {"os": value, "browser": {"name": value, "version": value}},
            "timezone": value,
            "locales": [value],
        },
    }
    return Conversation.parse(
        {
            "session_id": value,
            "state": value,
            "meta": meta,
            "mentions": [value],
            "assigned": {"user_id": value},
            "waiting_since": value,
        }
    )


def hostile_operator(value: Any) -> Operator:
    return Operator.parse({"details": {"user_id": value, "first_name": value, "email": value}})


def assert_terminal_safe(content: Content) -> None:
    assert not UNSAFE.search(content.plain), repr(UNSAFE.search(content.plain))
    for span in content.spans:
        style = str(span.style)
        assert "@click" not in style and "link" not in style, style
