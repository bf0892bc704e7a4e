"""Batch routes over real HTTP on loopback: the client's exact requests, the emulator as strict as
Crisp's single routes (a bad batch changes nothing), the same side effects and RTM events, and
`crisp.batch` slicing, stopping and reporting per conversation."""

from __future__ import annotations

import pytest

from crisp_tui.crisp import errors
from crisp_tui.crisp.batch import in_batches, one_by_one
from crisp_tui.crisp.client import ConversationQuery
from tests.crisp.test_client_http import make_client


@pytest.fixture
async def client(emulator_server):
    async with make_client(emulator_server) as client:
        yield client


async def open_sessions(client, n: int) -> list[str]:
    rows = await client.list_conversations(1, ConversationQuery(not_resolved=True), per_page=50)
    assert len(rows) >= n
    return [row.session_id for row in rows[:n]]


def heard(world) -> list[tuple[str, dict]]:
    events: list[tuple[str, dict]] = []
    world.publish = lambda name, payload: events.append((name, payload))
    return events


async def test_batch_state_read_and_routing_change_each_conversation_with_its_events(
    client, emulator_server
):
    emulator = emulator_server.emulator
    world = emulator.world
    ids = await open_sessions(client, 3)
    events = heard(world)
    operator = sorted(world.operator_ids())[0]

    await client.batch_resolve(ids)
    assert [world.conversations[s]["state"] for s in ids] == ["resolved"] * 3
    await client.batch_unresolve(ids)
    await client.batch_mark_unread(ids)
    assert all(world.conversations[s]["unread"]["operator"] >= 1 for s in ids)
    await client.batch_mark_read(ids)
    assert all(world.conversations[s]["unread"]["operator"] == 0 for s in ids)
    await client.batch_assign(ids, operator)
    assert all(world.conversations[s]["assigned"] == {"user_id": operator} for s in ids)
    await client.batch_assign(ids, None)
    assert all("assigned" not in world.conversations[s] for s in ids)

    site = f"/v1/website/{world.website_id}/batch"
    assert emulator.stats.writes == [
        {"method": "PATCH", "path": f"{site}/resolve", "body": {"sessions": ids}},
        {"method": "PATCH", "path": f"{site}/unresolve", "body": {"sessions": ids}},
        {"method": "PATCH", "path": f"{site}/unread", "body": {"sessions": ids}},
        {"method": "PATCH", "path": f"{site}/read", "body": {"sessions": ids}},
        {
            "method": "PATCH",
            "path": f"{site}/routing",
            "body": {"sessions": ids, "assigned": {"user_id": operator}},
        },
        {"method": "PATCH", "path": f"{site}/routing", "body": {"sessions": ids, "assigned": None}},
    ]
    by_name: dict[str, list[str]] = {}
    for name, payload in events:
        by_name.setdefault(name, []).append(payload["session_id"])
        assert payload["website_id"] == world.website_id
    assert by_name["session:set_state"] == ids + ids  # resolved, then unresolved
    assert by_name["message:acknowledge:unread:send"] == ids
    assert by_name["message:acknowledge:read:send"] == ids
    assert by_name["session:set_routing"] == ids + ids
    routing = [p for name, p in events if name == "session:set_routing"]
    assert [p["routing_id"] for p in routing] == [operator] * 3 + [None] * 3
    assert [p["previous_routing_id"] for p in routing[3:]] == [operator] * 3


BAD_BATCHES = [
    ("resolve", [], 400, "invalid_data"),
    ("resolve", {"sessions": []}, 400, "invalid_data"),
    ("resolve", {"sessions": "S"}, 400, "invalid_data"),
    ("read", {"sessions": [1, 2]}, 400, "invalid_data"),
    ("unread", {"sessions": ["GOOD", ""]}, 400, "invalid_data"),
    ("unresolve", {"sessions": ["GOOD", "session_nobody"]}, 404, "not_found"),
    ("routing", {"sessions": ["GOOD"]}, 400, "invalid_data"),
    ("routing", {"sessions": ["GOOD"], "assigned": {"user_id": "nobody"}}, 400, "invalid_data"),
    ("routing", {"assigned": None}, 400, "invalid_data"),
    ("resolve", {"sessions": ["GOOD"], "inbox_id": 3}, 400, "invalid_data"),
]


def test_a_bad_batch_is_refused_as_crisp_does_and_changes_nothing(emulator_server, emulator_http):
    world = emulator_server.emulator.world
    good = next(s for s, c in world.conversations.items() if c.get("state") == "unresolved")
    before = {s: dict(c) for s, c in world.conversations.items()}
    for operation, body, status, reason in BAD_BATCHES:
        if isinstance(body, dict) and isinstance(body.get("sessions"), list):
            body = {**body, "sessions": [good if s == "GOOD" else s for s in body["sessions"]]}
        response = emulator_http.patch(f"/website/{world.website_id}/batch/{operation}", json=body)
        assert (response.status_code, response.json()["reason"]) == (status, reason), body
        assert response.json()["error"] is True
    assert {s: dict(c) for s, c in world.conversations.items()} == before

    # Without `sessions`, a batch acts on every conversation (of `inbox_id`): why the client
    # never sends one without.
    inbox = next(c["inbox_id"] for c in world.conversations.values() if c.get("inbox_id"))
    response = emulator_http.patch(
        f"/website/{world.website_id}/batch/resolve", json={"inbox_id": inbox}
    )
    assert response.status_code == 200
    states = {(c.get("inbox_id") == inbox, c.get("state")) for c in world.conversations.values()}
    assert (True, "resolved") in states and not {(True, "unresolved"), (True, "pending")} & states
    assert (False, "unresolved") in states


def test_a_batch_answers_like_every_patch_and_is_one_request(emulator_server, emulator_http):
    world = emulator_server.emulator.world
    ids = [s for s, c in world.conversations.items() if c.get("state") == "unresolved"][:5]
    response = emulator_http.patch(
        f"/website/{world.website_id}/batch/resolve", json={"sessions": ids + ids[:1]}
    )
    assert response.status_code == 200
    assert response.json() == {"error": False, "reason": "updated", "data": {}}
    assert emulator_server.emulator.stats.to_dict()["total"] == 1
    assert all(world.conversations[s]["state"] == "resolved" for s in ids)


async def test_no_batch_without_sessions_is_sent_and_an_unknown_one_is_not_found(
    client, emulator_server
):
    for empty in ([], [""], ["  "]):
        with pytest.raises(errors.InvalidIdError, match="at least one session id"):
            await client.batch_resolve(empty)
    assert emulator_server.emulator.stats.to_dict()["total"] == 0
    with pytest.raises(errors.NotFoundError):
        await client.batch_mark_read(["session_nobody"])


async def test_slices_of_fifty_and_a_refused_slice_is_halved_to_find_the_unknown(
    client, emulator_server
):
    world = emulator_server.emulator.world
    ids = [*list(world.conversations)[:55], "session_nobody"]  # the 2nd slice has an unknown
    progress: list[tuple[int, int]] = []
    emulator_server.emulator.stats.reset()
    outcomes = await in_batches(
        client.batch_resolve, ids, progress=lambda done, total: progress.append((done, total))
    )
    assert [o.session_id for o in outcomes] == ids
    assert all(o.ok for o in outcomes[:55])
    assert isinstance(outcomes[55].error, errors.NotFoundError)
    assert progress == [(50, 56), (53, 56), (54, 56), (55, 56), (56, 56)]
    assert all(world.conversations[s]["state"] == "resolved" for s in ids[:55])
    # 50 | 6 refused → 3 done | 3 refused → 1 done | 2 refused → 1 done | the unknown
    assert emulator_server.emulator.stats.to_dict()["total"] == 8


async def test_one_by_one_goes_on_after_a_missing_session_but_stops_when_crisp_refuses_all(
    client, emulator_server
):
    emulator = emulator_server.emulator
    ids = await open_sessions(client, 3)
    outcomes = await one_by_one(
        lambda s: client.set_state(s, "pending"), [ids[0], "session_nobody", ids[1]]
    )
    assert [o.ok for o in outcomes] == [True, False, True]
    emulator.set_faults(error_rate=1.0, error_status=423)
    emulator.stats.reset()
    outcomes = await one_by_one(lambda s: client.set_state(s, "pending"), ids)
    assert [o.sent for o in outcomes] == [True, False, False]
    assert all(isinstance(o.error, errors.QuotaExceededError) for o in outcomes)
    assert emulator.stats.to_dict()["total"] == 1
