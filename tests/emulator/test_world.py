"""The seeded world: deterministic, varied, every message type, huge histories, injection."""

from __future__ import annotations

import json
from collections import Counter

import httpx

from crisp_tui.emulator import EmulatorSettings
from crisp_tui.emulator.generate import build_world
from crisp_tui.emulator.messages import KNOWN_TYPES
from crisp_tui.emulator.world import World
from tests.support.emulator import FIXED_NOW_MS
from tests.support.hostile import load_hostile_corpus

from .conftest import data


def _dump(world: World) -> str:
    return json.dumps([world.operators, world.conversations, world.messages], sort_keys=True)


def test_same_seed_same_world_other_seed_other_world() -> None:
    one = build_world(EmulatorSettings(seed=7), FIXED_NOW_MS)
    assert _dump(one) == _dump(build_world(EmulatorSettings(seed=7), FIXED_NOW_MS))
    assert _dump(one) != _dump(build_world(EmulatorSettings(seed=8), FIXED_NOW_MS))


def test_the_default_world_is_varied() -> None:
    world = build_world(EmulatorSettings(), FIXED_NOW_MS)
    conversations = list(world.conversations.values())
    assert 250 <= len(conversations) <= 400
    assert {c["state"] for c in conversations} == {"pending", "unresolved", "resolved"}
    types = Counter(m["type"] for history in world.messages.values() for m in history)
    assert set(KNOWN_TYPES) <= set(types) and set(types) - set(KNOWN_TYPES)  # plus a future type
    assert max(len(h) for h in world.messages.values()) >= 5_000
    assert sum(len(h) >= 1_000 for h in world.messages.values()) >= 3
    locales = {c["meta"]["device"]["locales"][0] for c in conversations}
    assert {"en", "fr", "de", "es", "ja", "zh", "ar"} <= locales
    assert any(c["meta"]["email"] == "" for c in conversations)
    assert any("phone" not in c["meta"] for c in conversations)
    assert any(c.get("assigned") for c in conversations) and any(
        "assigned" not in c for c in conversations
    )
    assert any(c["mentions"] for c in conversations)
    assert any(c["is_blocked"] for c in conversations)
    messages = [m for h in world.messages.values() for m in h]
    fingerprints = [m["fingerprint"] for m in messages]
    assert len(set(fingerprints)) == len(fingerprints)
    # Real fingerprints are timestamp_ms * 100 + a small number, below 2^53; legacy ones < 0.
    assert all(2**32 < abs(f) < 2**53 for f in fingerprints)
    assert all(abs(m["fingerprint"]) // 100 == m["timestamp"] for m in messages)
    legacy = [m for m in messages if m["fingerprint"] < 0]
    assert legacy and all("read" not in m and "mentions" not in m for m in legacy)
    for history in world.messages.values():
        stamps = [m["timestamp"] for m in history]
        assert stamps == sorted(stamps) and (not stamps or stamps[-1] <= FIXED_NOW_MS)
    roles = Counter(op["details"]["role"] for op in world.operators)
    assert roles["owner"] >= 1 and roles["member"] >= 1


def test_unread_counters_match_the_messages() -> None:
    world = build_world(EmulatorSettings(conversations=60), FIXED_NOW_MS)
    for sid, conversation in world.conversations.items():
        unread = sum(
            1
            for m in world.messages[sid]
            if m["from"] == "user" and m["type"] != "note" and not m.get("read", "legacy")
        )
        assert conversation["unread"]["operator"] == unread


def test_hostile_payloads_are_stored_and_served_verbatim(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    values = [case.value for case in load_hostile_corpus()]
    raw = {
        "session_id": "session_hostile",
        "website_id": world.website_id,
        "state": 42,
        "unread": "lots",
        "assigned": ["x"],
        "meta": {"nickname": values[0], "data": values},
        "updated_at": "tomorrow",
    }
    messages = [
        {"type": "text", "from": "user", "content": value, "fingerprint": i + 1, "timestamp": i + 1}
        for i, value in enumerate(values)
    ]
    messages.append({"type": None, "content": {"nested": [None]}, "timestamp": "never"})
    world.add_conversation(raw, messages)
    before = json.dumps(raw, sort_keys=True)

    served = data(emulator_http.get(f"{site}/conversation/session_hostile"))
    assert json.dumps(served, sort_keys=True) == before
    history, before_ts = [], None
    while True:
        params = {"timestamp_before": before_ts} if before_ts else {}
        response = emulator_http.get(f"{site}/conversation/session_hostile/messages", params=params)
        batch = data(response)
        history = batch + history
        if response.status_code == 200 or not batch[0].get("timestamp"):
            break
        before_ts = batch[0]["timestamp"]
    assert [m["content"] for m in history if isinstance(m.get("fingerprint"), int)] == values
    for query in (
        {},
        {"filter_unread": 1},
        {"filter_unassigned": 1},
        {"order_date_waiting": 1},
        {"search_query": "zzz"},
        {"filter_assigned": "x"},
        {"order_date_created": 1},
    ):
        response = emulator_http.get(f"{site}/conversations/1", params=query)
        assert response.status_code == 200, query
    assert json.dumps(world.conversations["session_hostile"], sort_keys=True) == before
