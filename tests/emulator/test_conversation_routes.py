"""Per-conversation routes: get/head/delete, messages paging, send, read, state, meta, routing…"""

from __future__ import annotations

import random

import httpx
import pytest

from crisp_tui.emulator.messages import KNOWN_TYPES, structured_content
from crisp_tui.emulator.world import World

from .conftest import data, reason

CONVERSATION_KEYS = {
    "session_id",
    "website_id",
    "people_id",
    "state",
    "is_verified",
    "is_blocked",
    "availability",
    "active",
    "last_message",
    "preview_message",
    "topic",
    "participants",
    "mentions",
    "compose",
    "unread",
    "meta",
    "created_at",
    "updated_at",
}


def _busy(world: World, state: str = "unresolved") -> str:
    """A small conversation with messages in the given state."""
    return next(
        sid
        for sid, c in world.conversations.items()
        if c["state"] == state and 2 <= len(world.messages[sid]) <= 10 and not c["is_blocked"]
    )


def _longest(world: World) -> str:
    return max(world.messages, key=lambda sid: len(world.messages[sid]))


def test_get_head_delete(emulator_http: httpx.Client, site: str, world: World) -> None:
    sid = _busy(world)
    conversation = data(emulator_http.get(f"{site}/conversation/{sid}"))
    assert set(conversation) >= CONVERSATION_KEYS
    assert conversation["session_id"].startswith("session_")
    head = emulator_http.head(f"{site}/conversation/{sid}")
    assert head.status_code == 200 and head.content == b""

    deleted = emulator_http.delete(f"{site}/conversation/{sid}")
    assert deleted.status_code == 200 and data(deleted) == {}
    assert emulator_http.head(f"{site}/conversation/{sid}").status_code == 404
    missing = emulator_http.get(f"{site}/conversation/{sid}")
    assert missing.status_code == 404 and reason(missing) == "not_found"
    assert emulator_http.get(f"{site}/conversation/{sid}/messages").status_code == 404


def test_messages_page_back_with_206_then_200(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = _longest(world)
    assert len(world.messages[sid]) >= 5_000
    seen: list[int] = []
    before: int | None = None
    statuses = []
    while True:
        params = {"timestamp_before": before} if before else {}
        response = emulator_http.get(f"{site}/conversation/{sid}/messages", params=params)
        batch = data(response)
        statuses.append(response.status_code)
        stamps = [m["timestamp"] for m in batch]
        assert stamps == sorted(stamps) and 0 < len(batch) <= 40
        seen = [m["fingerprint"] for m in batch] + seen
        if response.status_code == 200:
            break
        before = stamps[0]
    assert set(statuses[:-1]) == {206}
    assert seen == [m["fingerprint"] for m in world.messages[sid]]


def test_short_history_is_a_single_200(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = _busy(world)
    response = emulator_http.get(f"{site}/conversation/{sid}/messages")
    assert response.status_code == 200 and len(data(response)) == len(world.messages[sid])
    bad = emulator_http.get(
        f"{site}/conversation/{sid}/messages", params={"timestamp_before": "yesterday"}
    )
    assert bad.status_code == 400


def test_message_shape(emulator_http: httpx.Client, site: str, world: World) -> None:
    sid = _busy(world)
    for message in data(emulator_http.get(f"{site}/conversation/{sid}/messages")):
        assert {
            "session_id",
            "type",
            "from",
            "origin",
            "content",
            "fingerprint",
            "timestamp",
            "read",
            "delivered",
        } <= set(message)
        assert message["fingerprint"] > 2**32
        if message["from"] == "operator":
            assert {"user_id", "nickname", "avatar"} <= set(message["user"])


def test_send_reply_with_client_fingerprint(
    emulator_http: httpx.Client, site: str, world: World, emulator
) -> None:
    sid = _busy(world, "pending")
    before = data(emulator_http.get(f"{site}/conversation/{sid}"))
    emulator.advance(seconds=5)
    fingerprint = 2**40 + 7
    sent = emulator_http.post(
        f"{site}/conversation/{sid}/message",
        json={
            "type": "text",
            "from": "operator",
            "origin": "chat",
            "content": "On it!",
            "fingerprint": fingerprint,
            "user": {"nickname": "Alice", "avatar": ""},
        },
    )
    assert sent.status_code == 202 and sent.json()["reason"] == "dispatched"
    assert data(sent) == {"fingerprint": fingerprint}

    stored = data(emulator_http.get(f"{site}/conversation/{sid}/message/{fingerprint}"))
    assert stored["content"] == "On it!" and stored["from"] == "operator"
    assert stored["user"]["nickname"] == "Alice"
    after = data(emulator_http.get(f"{site}/conversation/{sid}"))
    assert after["updated_at"] > before["updated_at"]
    assert after["state"] == "unresolved"  # an operator reply takes a pending conversation
    assert after["unread"]["visitor"] == before["unread"]["visitor"] + 1
    assert after["preview_message"]["fingerprint"] == fingerprint
    assert "waiting_since" not in after
    assert emulator.stats.posted_fingerprints() == [fingerprint]


def test_server_chosen_fingerprint_and_note(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = _busy(world)
    before = data(emulator_http.get(f"{site}/conversation/{sid}"))
    note = emulator_http.post(
        f"{site}/conversation/{sid}/message",
        json={"type": "note", "from": "operator", "origin": "chat", "content": "internal only"},
    )
    fingerprint = data(note)["fingerprint"]
    assert isinstance(fingerprint, int) and fingerprint > 2**32
    stored = data(emulator_http.get(f"{site}/conversation/{sid}/message/{fingerprint}"))
    assert stored["type"] == "note"
    after = data(emulator_http.get(f"{site}/conversation/{sid}"))
    assert after["unread"] == before["unread"] and after["last_message"] == before["last_message"]
    missing = emulator_http.get(f"{site}/conversation/{sid}/message/123")
    assert missing.status_code == 404


def test_visitor_message_moves_unread_and_waiting(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = next(
        s for s, c in world.conversations.items() if c["state"] == "resolved" and world.messages[s]
    )
    before = data(emulator_http.get(f"{site}/conversation/{sid}"))
    emulator_http.post(
        f"{site}/conversation/{sid}/message",
        json={"type": "text", "from": "user", "origin": "chat", "content": "Hello again"},
    )
    after = data(emulator_http.get(f"{site}/conversation/{sid}"))
    assert after["unread"]["operator"] == before["unread"]["operator"] + 1
    assert after["state"] == "unresolved" and after["waiting_since"]
    assert after["last_message"] == "Hello again"


@pytest.mark.parametrize(
    "body",
    [
        {"from": "operator", "origin": "chat", "content": "no type"},
        {"type": "sticker", "from": "operator", "origin": "chat", "content": "x"},
        {"type": "text", "from": "bot", "origin": "chat", "content": "x"},
        {"type": "text", "from": "operator", "content": "no origin"},
        {"type": "text", "from": "operator", "origin": "carrier-pigeon", "content": "x"},
        {"type": "text", "from": "operator", "origin": "chat", "content": ""},
        {"type": "text", "from": "operator", "origin": "chat", "content": {"text": "x"}},
        {"type": "file", "from": "operator", "origin": "chat", "content": {"name": "a.png"}},
        {"type": "text", "from": "operator", "origin": "chat", "content": "x", "fingerprint": "1"},
        {"type": "text", "from": "operator", "origin": "chat", "content": "x", "fingerprint": -4},
        ["not", "an", "object"],
    ],
    ids=lambda body: str(body)[:40],
)
def test_send_validation(
    emulator_http: httpx.Client, site: str, world: World, emulator, body: object
) -> None:
    sid = _busy(world)
    response = emulator_http.post(f"{site}/conversation/{sid}/message", json=body)
    assert response.status_code == 400 and reason(response) == "invalid_data"
    assert emulator.stats.posted == []


def test_every_structured_type_can_be_sent(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = _busy(world)
    for type_ in KNOWN_TYPES[2:]:
        content = structured_content(random.Random(1), type_)
        response = emulator_http.post(
            f"{site}/conversation/{sid}/message",
            json={
                "type": type_,
                "from": "operator",
                "origin": "urn:crisp.im:test:0",
                "content": content,
            },
        )
        assert response.status_code == 202, type_


def test_read_requires_origin_and_from(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = next(s for s, c in world.conversations.items() if c["unread"]["operator"] > 0)
    for body in ({"from": "user"}, {"origin": "chat"}, {}):
        response = emulator_http.patch(f"{site}/conversation/{sid}/read", json=body)
        assert response.status_code == 400 and reason(response) == "invalid_data"
    response = emulator_http.patch(
        f"{site}/conversation/{sid}/read", json={"from": "user", "origin": "chat"}
    )
    assert response.status_code == 200 and response.json()["reason"] == "updated"
    conversation = data(emulator_http.get(f"{site}/conversation/{sid}"))
    assert conversation["unread"]["operator"] == 0
    history = data(emulator_http.get(f"{site}/conversation/{sid}/messages"))
    assert all(m["read"] == "chat" for m in history if m["from"] == "user" and m["type"] != "note")


def test_read_selected_fingerprints_then_unread(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    sid = next(s for s, c in world.conversations.items() if c["unread"]["operator"] >= 2)
    unread = [
        m["fingerprint"]
        for m in world.messages[sid]
        if m["from"] == "user" and not m["read"] and m["type"] != "note"
    ]
    emulator_http.patch(
        f"{site}/conversation/{sid}/read",
        json={"from": "user", "origin": "chat", "fingerprints": unread[:1]},
    )
    count = data(emulator_http.get(f"{site}/conversation/{sid}"))["unread"]["operator"]
    assert count == len(unread) - 1
    emulator_http.patch(f"{site}/conversation/{sid}/read", json={"from": "user", "origin": "chat"})
    assert (
        emulator_http.patch(f"{site}/conversation/{sid}/unread", json={"from": "user"}).status_code
        == 200
    )
    assert data(emulator_http.get(f"{site}/conversation/{sid}"))["unread"]["operator"] == 1
    assert emulator_http.patch(f"{site}/conversation/{sid}/unread", json={}).status_code == 400


def test_delivered_and_compose(emulator_http: httpx.Client, site: str, world: World) -> None:
    sid = _busy(world)
    delivered = emulator_http.patch(
        f"{site}/conversation/{sid}/delivered", json={"from": "user", "origin": "chat"}
    )
    assert delivered.status_code == 200
    assert all(m["delivered"] == "chat" for m in world.messages[sid] if m["from"] == "user")
    compose = emulator_http.patch(
        f"{site}/conversation/{sid}/compose",
        json={"type": "start", "from": "operator", "excerpt": "Typ"},
    )
    assert compose.status_code == 200
    assert (
        data(emulator_http.get(f"{site}/conversation/{sid}"))["compose"]["operator"]["type"]
        == "start"
    )
    bad = emulator_http.patch(
        f"{site}/conversation/{sid}/compose", json={"type": "typing", "from": "operator"}
    )
    assert bad.status_code == 400


def test_state(emulator_http: httpx.Client, site: str, world: World, emulator) -> None:
    sid = _busy(world)
    url = f"{site}/conversation/{sid}/state"
    assert data(emulator_http.get(url)) == {"state": "unresolved"}
    updated_at = world.conversations[sid]["updated_at"]
    for state in ("resolved", "pending", "unresolved"):
        response = emulator_http.patch(url, json={"state": state})
        assert response.status_code == 200 and data(response) == {}
        assert data(emulator_http.get(url)) == {"state": state}
    assert world.conversations[sid]["updated_at"] > updated_at
    for body in ({"state": "closed"}, {"state": None}, {}):
        response = emulator_http.patch(url, json=body)
        assert response.status_code == 400 and reason(response) == "invalid_data"


def test_meta(emulator_http: httpx.Client, site: str, world: World) -> None:
    sid = _busy(world)
    url = f"{site}/conversation/{sid}/meta"
    meta = data(emulator_http.get(url))
    assert {"nickname", "email", "segments", "data"} <= set(meta)
    changes = {
        "nickname": "Zoë Q.",
        "email": "zoe@example.org",
        "segments": ["vip"],
        "data": {"plan": "pro"},
        "subject": "New subject",
    }
    assert emulator_http.patch(url, json=changes).status_code == 200
    assert changes.items() <= data(emulator_http.get(url)).items()
    for body in (
        {"email": "not-an-email"},
        {"segments": "vip"},
        {"data": [1]},
        {"colour": "blue"},
        {"nickname": 3},
    ):
        response = emulator_http.patch(url, json=body)
        assert response.status_code == 400 and reason(response) == "invalid_data", body


def test_routing(emulator_http: httpx.Client, site: str, world: World) -> None:
    sid = next(s for s, c in world.conversations.items() if "assigned" not in c)
    url = f"{site}/conversation/{sid}/routing"
    assert data(emulator_http.get(url)) == {}
    user_id = world.operators[1]["details"]["user_id"]
    assert emulator_http.patch(url, json={"assigned": {"user_id": user_id}}).status_code == 200
    assert data(emulator_http.get(url)) == {"assigned": {"user_id": user_id}}
    assert data(emulator_http.get(f"{site}/conversation/{sid}"))["assigned"]["user_id"] == user_id
    assert emulator_http.patch(url, json={"assigned": None}).status_code == 200
    assert data(emulator_http.get(url)) == {}
    for body in ({"assigned": {"user_id": "stranger"}}, {}):
        assert emulator_http.patch(url, json=body).status_code == 400


def test_block(emulator_http: httpx.Client, site: str, world: World) -> None:
    sid = _busy(world)
    url = f"{site}/conversation/{sid}/block"
    assert data(emulator_http.get(url)) == {"blocked": False}
    assert emulator_http.patch(url, json={"blocked": True}).status_code == 200
    assert data(emulator_http.get(url)) == {"blocked": True}
    assert data(emulator_http.get(f"{site}/conversation/{sid}"))["is_blocked"] is True
    assert emulator_http.patch(url, json={"blocked": "yes"}).status_code == 400


def test_unknown_session_is_404_on_every_route(emulator_http: httpx.Client, site: str) -> None:
    url = f"{site}/conversation/session_00000000-0000-4000-8000-000000000000"
    for method, suffix, body in (
        ("GET", "", None),
        ("GET", "/messages", None),
        ("PATCH", "/state", {"state": "resolved"}),
        ("GET", "/meta", None),
        ("GET", "/routing", None),
        (
            "POST",
            "/message",
            {"type": "text", "from": "operator", "origin": "chat", "content": "x"},
        ),
    ):
        response = emulator_http.request(method, url + suffix, json=body)
        assert response.status_code == 404 and reason(response) == "not_found", suffix
