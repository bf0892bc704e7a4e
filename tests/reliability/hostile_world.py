"""The hostile-content corpus served by the emulator, verbatim, in every field crisp-tui reads.

Two shapes of conversation:
- one per corpus case, with the case's value in every field of the conversation (nickname,
  email, subject, segments, custom data, device, preview, …) and of one message of every type
  (text, note, file, animation, audio, picker, field, carousel, event, an unknown type);
- one per JSON-type case (null, 42, {...}, [...], …) with that value as EVERY top-level field of
  the conversation and, one field at a time, of every message (`"meta": 42`, `"content": [..]`,
  `"fingerprint": "x"`, `"timestamp": null`, …), plus a message that is the value itself.

The 1 MB cases fill only a few fields each: the point is one huge value per field, not a 60 MB
page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crisp_tui.emulator import Emulator
from tests.support.emulator import FIXED_NOW_MS
from tests.support.hostile import HostileCase, load_hostile_corpus

CASES = load_hostile_corpus()
TYPE_CASES = load_hostile_corpus("type")
# The fields a huge ("size") case is put in; every other field gets a plain value.
HEAVY_FIELDS = frozenset({"nickname", "subject", "data", "text", "file.name", "picker.label"})
BASE_MS = FIXED_NOW_MS - 86_400_000


@dataclass(frozen=True)
class HostileConversation:
    session_id: str
    case: HostileCase
    wrong_types: bool  # the value replaces whole fields, not only the strings inside them


def _slots(case: HostileCase) -> Callable[[str], Any]:
    if case.kind != "size":
        return lambda _field: case.value
    return lambda field: case.value if field in HEAVY_FIELDS else "plain"


def _contents(v: Callable[[str], Any]) -> dict[str, Any]:
    choice = {"value": v("picker.value"), "label": v("picker.label"), "selected": v("selected")}
    unknown_type = v("type") if isinstance(v("type"), str) and v("type") else "hologram"
    return {
        "text": v("text"),
        "note": v("text"),
        "file": {"name": v("file.name"), "url": v("url"), "type": v("mime")},
        "animation": {"url": v("url"), "type": v("mime")},
        "audio": {"url": v("url"), "type": v("mime"), "duration": v("duration")},
        "picker": {"id": v("id"), "text": v("prompt"), "choices": [choice, v("choice")]},
        "field": {"id": v("id"), "text": v("prompt"), "explain": v("explain"), "value": v("value")},
        "carousel": {
            "text": v("prompt"),
            "targets": [
                {
                    "title": v("title"),
                    "description": v("description"),
                    "image": v("url"),
                    "actions": [{"label": v("label"), "url": v("url")}, v("action")],
                },
                v("target"),
            ],
        },
        "event": {"namespace": v("namespace"), "text": v("event")},
        unknown_type: {"beam": v("unknown")},
    }


def _messages(session_id: str, v: Callable[[str], Any]) -> list[dict[str, Any]]:
    return [
        {
            "session_id": session_id,
            "type": message_type,
            "from": "operator" if message_type == "note" else "user",
            "origin": v("origin"),
            "content": content,
            "fingerprint": 10**15 + index,
            "timestamp": BASE_MS + index,
            "read": v("read"),
            "delivered": v("delivered"),
            "user": {"user_id": v("user_id"), "nickname": v("nickname"), "avatar": v("url")},
            "mentions": [v("mention")],
            "edited": v("edited"),
        }
        for index, (message_type, content) in enumerate(_contents(v).items())
    ]


def _conversation(session_id: str, index: int, v: Callable[[str], Any]) -> dict[str, Any]:
    key = v("data") if isinstance(v("data"), str) and v("data") else "key"
    place = {"country": v("country"), "region": v("region"), "city": v("city")}
    return {
        "session_id": session_id,
        "website_id": v("website_id"),
        "inbox_id": v("inbox_id"),
        "people_id": v("people_id"),
        "state": "unresolved",
        "is_verified": v("is_verified"),
        "is_blocked": v("is_blocked"),
        "availability": v("availability"),
        "active": {"now": v("now"), "last": v("last")},
        "last_message": v("text"),
        "preview_message": {
            "type": v("type"),
            "from": "user",
            "excerpt": v("text"),
            "fingerprint": v("fingerprint"),
        },
        "topic": v("subject"),
        "participants": [v("participant")],
        "mentions": [v("mention")],
        "compose": v("compose"),
        "unread": {"operator": 1, "visitor": v("unread")},
        "assigned": {"user_id": v("user_id")},
        "meta": {
            **{name: v(name) for name in ("nickname", "email", "phone", "address", "subject")},
            "ip": v("ip"),
            "segments": [v("segment"), v("segment")],
            "data": {key: v("data"), "plain": v("data")},
            "device": {
                "geolocation": place,
                "system": {"os": {"name": v("os")}, "browser": {"name": v("browser")}},
                "timezone": v("timezone"),
                "locales": [v("locale")],
            },
        },
        "created_at": BASE_MS,
        "updated_at": FIXED_NOW_MS - index,  # the corpus order is the inbox order
        "waiting_since": v("waiting_since"),
    }


def _wrong_types(
    session_id: str, index: int, value: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    plain = _conversation(session_id, index, lambda _field: "plain")
    conversation = {name: value for name in plain} | {"session_id": session_id}
    good = _messages(session_id, lambda _field: "plain")
    messages: list[Any] = [
        {**message, "fingerprint": 10**15 + 100 * slot + field_index, name: value}
        | ({} if name == "timestamp" else {"timestamp": BASE_MS + 100 * slot + field_index})
        for slot, message in enumerate(good)
        for field_index, name in enumerate(message)
    ]
    return conversation, [*messages, value]


def add_hostile_world(emulator: Emulator, cases: list[HostileCase]) -> list[HostileConversation]:
    """Serve a conversation for each case (and a wrong-types one for each JSON-type case)."""
    made: list[HostileConversation] = []
    for index, case in enumerate(cases):
        session_id = f"session_hostile_{index:03d}"
        v = _slots(case)
        emulator.add_conversation(_conversation(session_id, index, v), _messages(session_id, v))
        made.append(HostileConversation(session_id, case, wrong_types=False))
        if case.kind == "type":
            session_id = f"session_wrong_{index:03d}"
            emulator.add_conversation(*_wrong_types(session_id, len(cases) + index, case.value))
            made.append(HostileConversation(session_id, case, wrong_types=True))
    return made
