"""Where the emulator was corrected to behave like Crisp (docs/crisp-api.md has the sources):
visitor nicknames, posted timestamps and ties, timestamp_after, waiting order, the website shape,
edge rate-limit pages and the edge cache's stale reads."""

from __future__ import annotations

import httpx

from crisp_tui.emulator import Emulator
from crisp_tui.emulator.world import World

from .conftest import data

REPLY = {"type": "text", "from": "operator", "origin": "chat", "content": "At one instant"}


def _visitor_messages(world: World) -> list[tuple[str, dict]]:
    return [
        (sid, m) for sid, history in world.messages.items() for m in history if m["from"] == "user"
    ]


def test_visitor_messages_carry_the_chatbox_nickname_of_the_moment(world: World) -> None:
    found = _visitor_messages(world)
    assert all(m["user"]["user_id"] == sid and m["user"]["nickname"] for sid, m in found)
    nickname = {sid: world.conversations[sid]["meta"]["nickname"] for sid, _ in found}
    differ = {sid for sid, m in found if m["user"]["nickname"] != nickname[sid]}
    assert differ and len(differ) < len(nickname)  # some still show the auto name, some not
    assert all(m["user"]["nickname"].startswith("visitor") for sid, m in found if sid in differ)


def test_a_visitor_post_gets_the_snapshot_user(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    session_id = next(sid for sid, _ in _visitor_messages(world))
    body = {"type": "text", "from": "user", "origin": "chat", "content": "hello"}
    emulator_http.post(f"{site}/conversation/{session_id}/message", json=body)
    assert world.messages[session_id][-1]["user"]["user_id"] == session_id


def test_a_posted_timestamp_is_honoured_and_ties_are_kept(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    session_id = next(sid for sid, history in world.messages.items() if len(history) > 3)
    at = world.messages[session_id][1]["timestamp"]
    for _ in range(2):
        sent = emulator_http.post(
            f"{site}/conversation/{session_id}/message", json={**REPLY, "timestamp": at}
        )
        assert sent.status_code == 202
    tied = [m for m in world.messages[session_id] if m["timestamp"] == at]
    assert len(tied) == 3
    older = data(
        emulator_http.get(
            f"{site}/conversation/{session_id}/messages", params={"timestamp_before": at}
        )
    )
    assert older and all(m["timestamp"] < at for m in older)  # exclusive: ties are not in it


def test_timestamp_after_gives_what_came_since(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    session_id = next(sid for sid, history in world.messages.items() if 5 < len(history) < 20)
    history = world.messages[session_id]
    after = history[-3]["timestamp"]
    response = emulator_http.get(
        f"{site}/conversation/{session_id}/messages", params={"timestamp_after": after}
    )
    assert response.status_code == 200
    assert [m["fingerprint"] for m in data(response)] == [m["fingerprint"] for m in history[-2:]]


def test_order_date_waiting_keeps_waiting_conversations_longest_first(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    rows = data(
        emulator_http.get(
            f"{site}/conversations/1", params={"order_date_waiting": 1, "per_page": 50}
        )
    )
    waiting = sorted(
        c["waiting_since"] for c in world.conversations.values() if c.get("waiting_since")
    )
    assert [c["waiting_since"] for c in rows] == waiting[: len(rows)]
    assert len(rows) < len(world.conversations)


def test_the_website_has_no_logo_and_says_whether_it_is_verified(
    emulator_http: httpx.Client, site: str
) -> None:
    website = data(emulator_http.get(site))
    assert "logo" not in website
    assert isinstance(website["verified"], bool) and isinstance(website["institutional"], bool)


def test_a_rate_limit_is_the_edge_html_page(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    emulator.set_faults(script=["429"])
    response = emulator_http.get(site)
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("text/html")


def test_reads_right_after_a_write_may_be_stale(
    emulator_http: httpx.Client, site: str, world: World, emulator: Emulator
) -> None:
    session_id = next(sid for sid, c in world.conversations.items() if c["state"] == "pending")
    emulator.set_faults(stale_reads=2)
    path = f"{site}/conversation/{session_id}"
    assert emulator_http.patch(f"{path}/state", json={"state": "resolved"}).status_code == 200
    stale = [emulator_http.get(path) for _ in range(2)]
    assert [data(r)["state"] for r in stale] == ["pending", "pending"]
    assert all(r.headers["bloom-status"] == "HIT" for r in stale)
    fresh = emulator_http.get(path)
    assert data(fresh)["state"] == "resolved" and "bloom-status" not in fresh.headers
    assert world.conversations[session_id]["state"] == "resolved"
