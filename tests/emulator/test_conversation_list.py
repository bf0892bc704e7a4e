"""GET /website/{w}/conversations/{page}: paging, per_page clamp, every filter and order, search."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timezone

import httpx
import pytest

from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from crisp_tui.emulator.world import World
from tests.support.emulator import FIXED_NOW_MS

from .conftest import data, reason, sessions


@pytest.fixture(scope="module")
def emulator_server() -> Iterator[EmulatorServer]:
    """These tests only read: one server for the module keeps them fast."""
    with EmulatorServer(EmulatorSettings(seed=1234, clock=FakeClock(FIXED_NOW_MS))) as server:
        yield server


def _all(client: httpx.Client, site: str, **query: object) -> list[dict]:
    found, page = [], 1
    while True:
        batch = data(client.get(f"{site}/conversations/{page}", params={"per_page": 50, **query}))
        if not batch:
            return found
        found += batch
        page += 1


def test_pages_cover_every_non_empty_conversation_once(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    listed = [c["session_id"] for c in _all(emulator_http, site)]
    non_empty = [sid for sid, history in world.messages.items() if history]
    assert len(listed) == len(set(listed)) == len(non_empty)
    assert data(emulator_http.get(f"{site}/conversations/999")) == []


@pytest.mark.parametrize(
    ("asked", "served"), [(None, 20), (5, 20), (30, 30), (500, 50), ("abc", 20)]
)
def test_per_page_is_clamped(
    emulator_http: httpx.Client, site: str, asked: object, served: int
) -> None:
    params = {} if asked is None else {"per_page": asked}
    assert len(data(emulator_http.get(f"{site}/conversations/1", params=params))) == served


def test_page_zero_is_invalid(emulator_http: httpx.Client, site: str) -> None:
    response = emulator_http.get(f"{site}/conversations/0")
    assert response.status_code == 400 and reason(response) == "invalid_data"


def test_include_empty(emulator_http: httpx.Client, site: str, world: World) -> None:
    empty = {sid for sid, history in world.messages.items() if not history}
    assert empty
    with_empty = {c["session_id"] for c in _all(emulator_http, site, include_empty=1)}
    assert empty <= with_empty and len(with_empty) == len(world.conversations)


def test_default_order_is_most_recently_updated(emulator_http: httpx.Client, site: str) -> None:
    listed = _all(emulator_http, site)
    stamps = [c["updated_at"] for c in listed]
    assert stamps == sorted(stamps, reverse=True)
    ordered = _all(emulator_http, site, order_date_updated=1)
    assert [c["session_id"] for c in ordered] == [c["session_id"] for c in listed]


def test_order_date_created(emulator_http: httpx.Client, site: str) -> None:
    stamps = [c["created_at"] for c in _all(emulator_http, site, order_date_created=1)]
    assert stamps == sorted(stamps, reverse=True)


def test_order_date_waiting_puts_the_longest_wait_first(
    emulator_http: httpx.Client, site: str
) -> None:
    listed = _all(emulator_http, site, order_date_waiting=1)
    waiting = [c["waiting_since"] for c in listed if c.get("waiting_since")]
    assert waiting and waiting == sorted(waiting)
    assert all(c.get("waiting_since") for c in listed[: len(waiting)])


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("filter_unread", lambda c: c["unread"]["operator"] > 0),
        ("filter_resolved", lambda c: c["state"] == "resolved"),
        ("filter_not_resolved", lambda c: c["state"] in ("pending", "unresolved")),
        ("filter_unassigned", lambda c: "assigned" not in c),
    ],
)
def test_boolean_filters(emulator_http: httpx.Client, site: str, flag: str, expected) -> None:
    everything = _all(emulator_http, site)
    filtered = _all(emulator_http, site, **{flag: 1})
    assert filtered and len(filtered) < len(everything)
    assert [c["session_id"] for c in filtered] == [
        c["session_id"] for c in everything if expected(c)
    ]
    assert len(_all(emulator_http, site, **{flag: 0})) == len(everything)


def test_filter_assigned_takes_a_user_id(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    user_id = world.operators[0]["details"]["user_id"]
    filtered = _all(emulator_http, site, filter_assigned=user_id)
    assert filtered and all(c["assigned"]["user_id"] == user_id for c in filtered)
    assert _all(emulator_http, site, filter_assigned="nobody") == []


def test_filter_inbox_id(emulator_http: httpx.Client, site: str) -> None:
    everything = _all(emulator_http, site)
    inbox = next(c["inbox_id"] for c in everything if c.get("inbox_id"))
    filtered = _all(emulator_http, site, filter_inbox_id=inbox)
    assert 0 < len(filtered) < len(everything)
    assert all(c["inbox_id"] == inbox for c in filtered)


def test_filter_mention_mentions_nobody_for_a_plugin_token(
    emulator_http: httpx.Client, site: str
) -> None:
    # Undocumented for a plugin token (it is no user): the app must filter on `mentions` itself.
    assert any(c["mentions"] for c in _all(emulator_http, site))
    assert _all(emulator_http, site, filter_mention=1) == []


def test_filter_dates_bound_updated_at(emulator_http: httpx.Client, site: str) -> None:
    everything = _all(emulator_http, site)
    middle = sorted(c["updated_at"] for c in everything)[len(everything) // 2]
    iso = datetime.fromtimestamp(middle / 1000, tz=timezone.utc).isoformat()
    after = _all(emulator_http, site, filter_date_start=iso)
    before = _all(emulator_http, site, filter_date_end=iso)
    assert all(c["updated_at"] >= middle for c in after)
    assert all(c["updated_at"] <= middle for c in before)
    assert len(after) + len(before) == len(everything) + 1
    assert any(c["created_at"] < middle for c in after)  # created before, updated after
    response = emulator_http.get(f"{site}/conversations/1", params={"filter_date_start": "soon"})
    assert response.status_code == 400


def test_filters_combine(emulator_http: httpx.Client, site: str) -> None:
    both = _all(emulator_http, site, filter_unread=1, filter_not_resolved=1)
    assert both and all(c["unread"]["operator"] and c["state"] != "resolved" for c in both)
    assert _all(emulator_http, site, filter_resolved=1, filter_not_resolved=1) == []


def test_search_text_matches_nickname_email_subject_and_messages(
    emulator_http: httpx.Client, site: str, world: World
) -> None:
    conversation = next(
        c
        for c in world.conversations.values()
        if c["meta"]["email"] and c["meta"]["subject"] and world.messages[c["session_id"]]
    )
    sid, meta = conversation["session_id"], conversation["meta"]
    message = next(m for m in world.messages[sid] if m["type"] == "text")
    for needle in (
        meta["nickname"],
        meta["email"].upper(),
        meta["subject"],
        message["content"][3:20],
    ):
        found = sessions(
            emulator_http.get(
                f"{site}/conversations/1",
                params={"search_query": needle, "search_type": "text", "per_page": 50},
            )
        )
        assert sid in found, needle
    nothing = emulator_http.get(f"{site}/conversations/1", params={"search_query": "zz-none-zz"})
    assert data(nothing) == []


def test_search_finds_non_latin_text(emulator_http: httpx.Client, site: str) -> None:
    for needle in ("请问", "ログイン", "مرحبا", "Müller"):
        assert data(emulator_http.get(f"{site}/conversations/1", params={"search_query": needle}))


def test_search_by_segment_and_filter(emulator_http: httpx.Client, site: str) -> None:
    vip = _all(emulator_http, site, search_query="vip", search_type="segment")
    assert vip and all("vip" in c["meta"]["segments"] for c in vip)
    rule = json.dumps(
        [{"criterion": "meta.segments", "query": ["vip"], "operator": "eq", "model": "session"}]
    )
    assert _all(emulator_http, site, search_query=rule, search_type="filter") == vip
    bad = emulator_http.get(
        f"{site}/conversations/1", params={"search_query": "x", "search_type": "nope"}
    )
    assert bad.status_code == 400


def test_inboxes_list_as_the_official_clients_read_it(
    emulator_http: httpx.Client, site: str
) -> None:
    first = emulator_http.get(f"{site}/inboxes/list/1")
    assert (first.status_code, first.json()["reason"]) == (200, "resolved")
    inboxes = data(first)
    assert [inbox["name"] for inbox in inboxes] == ["Sales", "Support"]
    for inbox in inboxes:  # node-crisp-api `WebsiteInbox`, go-crisp-api `WebsiteInbox`
        assert set(inbox) == {
            *("inbox_id", "name", "emoji", "order", "operators", "conditions"),
            *("created_at", "updated_at"),
        }
    assert data(emulator_http.get(f"{site}/inboxes/list/2")) == []  # past the end: empty
    assert emulator_http.get(f"{site}/inboxes/list/0").status_code == 400
    used = {c.get("inbox_id") for c in _all(emulator_http, site)}  # filter_inbox_id: above
    assert used == {None, *(inbox["inbox_id"] for inbox in inboxes)}
