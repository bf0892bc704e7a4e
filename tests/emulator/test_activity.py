"""Visitor activity as a function of the (fake) clock: nothing moves until the clock does."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from crisp_tui.emulator import Emulator, EmulatorSettings, FakeClock, activity, create_app
from tests.support.emulator import FIXED_NOW_MS

from .conftest import data


def _snapshot(client: httpx.Client, site: str) -> dict[str, int]:
    listed = data(
        client.get(f"{site}/conversations/1", params={"per_page": 50, "include_empty": 1})
    )
    return {c["session_id"]: c["updated_at"] for c in listed}


def test_nothing_happens_while_the_clock_stands_still(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    first = _snapshot(emulator_http, site)
    for _ in range(3):
        assert _snapshot(emulator_http, site) == first
    assert emulator.activity.applied == 0


def test_advancing_the_clock_materialises_due_visitor_activity(
    emulator_http: httpx.Client, site: str, emulator: Emulator
) -> None:
    count = len(emulator.world.conversations)
    total = sum(len(h) for h in emulator.world.messages.values())
    emulator.advance(seconds=10 * 60)  # 3 events a minute by default → 30 events
    top = data(emulator_http.get(f"{site}/conversations/1"))
    assert emulator.activity.applied == 30
    created = len(emulator.world.conversations) - count
    added = sum(len(h) for h in emulator.world.messages.values()) - total
    assert added == 30 and 0 < created < 30
    newest = top[0]
    assert newest["updated_at"] > FIXED_NOW_MS and newest["unread"]["operator"] >= 1
    assert newest["preview_message"]["from"] == "user"
    messages = data(emulator_http.get(f"{site}/conversation/{newest['session_id']}/messages"))
    assert messages[-1]["timestamp"] == newest["updated_at"] <= FIXED_NOW_MS + 10 * 60_000


def test_clock_advance_over_http(emulator_server, emulator_http: httpx.Client, site: str) -> None:
    control = emulator_server.origin + "/_emulator"
    now = httpx.get(control + "/clock").json()["now_ms"]
    assert httpx.post(control + "/clock/advance", json={"seconds": 60}).json() == {
        "now_ms": now + 60_000
    }
    emulator_http.get(site)
    assert httpx.get(control + "/stats").json()["activity_events"] == 3
    assert httpx.post(control + "/activity", json={"per_minute": 0}).status_code == 200
    httpx.post(control + "/clock/advance", json={"ms": 600_000})
    emulator_http.get(site)
    assert httpx.get(control + "/stats").json()["activity_events"] == 0


def test_activity_is_deterministic_and_independent_of_request_timing() -> None:
    async def run(steps: list[int]) -> list[object]:
        clock = FakeClock(FIXED_NOW_MS)
        app = create_app(EmulatorSettings(seed=9, conversations=40, clock=clock))
        settings = app.state.emulator.settings
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://emulator/v1",
            auth=(settings.token_id, settings.token_key),
            headers={"X-Crisp-Tier": "plugin"},
        ) as client:
            for step in steps:
                clock.advance(seconds=step)
                await client.get(f"/website/{settings.website_id}")
        world = app.state.emulator.world
        return [world.conversations, world.messages]

    one_jump = asyncio.run(run([1200]))
    many_steps = asyncio.run(run([100] * 12))
    assert one_jump == many_steps


def test_zero_rate_disables_activity() -> None:
    clock = FakeClock(FIXED_NOW_MS)
    emulator = Emulator(EmulatorSettings(conversations=20, activity_per_minute=0, clock=clock))
    clock.advance(seconds=3600)
    assert emulator.activity.catch_up(clock.now_ms()) == 0


def test_a_long_idle_spell_replays_a_bounded_backlog() -> None:
    clock = FakeClock(FIXED_NOW_MS)
    emulator = Emulator(EmulatorSettings(conversations=20, activity_per_minute=60, clock=clock))
    clock.advance(seconds=7 * 24 * 3600)
    assert emulator.activity.catch_up(clock.now_ms()) == 500


def test_visitors_start_typing_before_their_message_lands() -> None:
    """As in Crisp's chatbox: `message:compose:send` with the first words a few seconds before
    `message:send` in that conversation; a new conversation's first message is unannounced."""
    clock = FakeClock(FIXED_NOW_MS)
    emulator = Emulator(EmulatorSettings(conversations=20, clock=clock))
    published: list[tuple[str, dict[str, Any]]] = []
    emulator.world.publish = lambda name, payload: published.append((name, payload))
    for _ in range(10 * 60):
        emulator.advance(seconds=1)
    typing: dict[str, list[dict[str, Any]]] = {}
    announced = 0
    for name, payload in published:
        session = payload["session_id"]
        if name == "message:compose:send":
            typing.setdefault(session, []).append(payload)
        elif name == "message:send":
            sent_at = payload["timestamp"]
            ahead = [t for t in typing.pop(session, []) if t["timestamp"] < sent_at]
            if ahead:
                announced += 1
                assert [sent_at - t["timestamp"] for t in ahead] == [activity.TYPING_LEAD_MS]
                assert payload["content"].startswith(ahead[0]["excerpt"])
                assert len(ahead[0]["excerpt"]) < len(payload["content"])
            else:
                assert ("session:request:initiated", session) in [
                    (n, p["session_id"]) for n, p in published
                ]
    assert emulator.activity.applied == 30 and announced >= 20
