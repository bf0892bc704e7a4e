"""The emulator's visitor history routes, over loopback HTTP: a contact's conversations (session
ids, newest first, paged) and the pages a visitor browsed (docs/crisp-api.md, Visitor context)."""

from __future__ import annotations

from collections import Counter

import httpx

from crisp_tui.emulator import EmulatorServer


def test_a_returning_visitors_conversations_and_pages(
    emulator_server: EmulatorServer, emulator_http: httpx.Client
) -> None:
    world = emulator_server.emulator.world
    website = f"/website/{world.website_id}"
    counts = Counter(c.get("people_id") for c in world.conversations.values() if c.get("people_id"))
    people, count = counts.most_common(1)[0]
    assert count >= 3  # the seeded world has returning visitors

    listed = emulator_http.get(f"{website}/people/conversations/{people}/list/1").json()
    assert listed["error"] is False and len(listed["data"]) == count
    updated = [world.conversations[s]["updated_at"] for s in listed["data"]]
    assert updated == sorted(updated, reverse=True)
    assert emulator_http.get(f"{website}/people/conversations/{people}/list/2").json()["data"] == []
    assert emulator_http.get(f"{website}/people/conversations/nobody/list/1").json()["data"] == []

    session_id = listed["data"][0]
    pages = [
        emulator_http.get(f"{website}/conversation/{session_id}/pages/1").json()["data"]
        for _ in range(2)
    ]
    assert pages[0] == pages[1]  # the same on every call
    for page in pages[0]:
        assert set(page) == {"page_title", "page_url", "page_referrer", "timestamp"}
        assert page["timestamp"] < world.conversations[session_id]["created_at"]
    missing = emulator_http.get(f"{website}/conversation/session_nope/pages/1")
    assert (missing.status_code, missing.json()["reason"]) == (404, "not_found")
