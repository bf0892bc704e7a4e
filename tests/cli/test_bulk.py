"""Several session ids at once, as a script would: one batch request (one each for pending), one
result per session in `--json`, and an exit status that says whether all were done."""

from __future__ import annotations

from collections.abc import Callable

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result

Run = Callable[..., Result]


def open_sessions(server: EmulatorServer, first: int, count: int) -> list[str]:
    world = server.emulator.world
    ids = sorted(s for s, c in world.conversations.items() if c.get("state") == "unresolved")
    return ids[first : first + count]


def writes(server: EmulatorServer) -> list[tuple[str, object]]:
    site = f"/v1/website/{server.settings.website_id}/"
    return [(w["path"].removeprefix(site), w["body"]) for w in server.emulator.stats.writes]


def test_several_ids_are_one_batch_with_a_result_each(
    crisp_env: EmulatorServer, run_script: Run
) -> None:
    ids = open_sessions(crisp_env, 0, 3)
    world = crisp_env.emulator.world
    resolved = run_script("conversation", "resolve", *ids, ids[0], "--json")
    assert resolved.code == 0 and resolved.err == ""
    assert resolved.json() == [{"session_id": s, "ok": True, "state": "resolved"} for s in ids]
    assert writes(crisp_env) == [("batch/resolve", {"sessions": ids})]
    assert all(world.conversations[s]["state"] == "resolved" for s in ids)

    forgot = run_script("conversation", "assign", *ids)  # the operator left out: nothing sent
    assert forgot.code == 2 and "is a session id, not an operator" in forgot.err
    operator = sorted(world.operator_ids())[0]
    assigned = run_script("conversation", "assign", *ids, operator)
    assert assigned.code == 0
    assert assigned.out.splitlines() == [f"Assigned {s} to {operator}." for s in ids]
    unread = run_script("conversation", "unread", *ids, "--json")
    assert [r["unread"] for r in unread.json()] == [True] * 3
    assert writes(crisp_env)[1:] == [
        ("batch/routing", {"sessions": ids, "assigned": {"user_id": operator}}),
        ("batch/unread", {"sessions": ids}),
    ]


def test_pending_goes_one_by_one_and_a_partial_failure_exits_1_naming_it(
    crisp_env: EmulatorServer, run_script: Run
) -> None:
    ids = open_sessions(crisp_env, 10, 2)
    missing = "session_not_there"
    pending = run_script("conversation", "pending", ids[0], missing, ids[1], "--json")
    assert pending.code == 1
    results = pending.json()
    assert [(r["session_id"], r["ok"]) for r in results] == [
        (ids[0], True),
        (missing, False),
        (ids[1], True),
    ]
    assert results[1]["error"]["reason"] == "not_found"
    assert pending.err.count("\n") == 1 and missing in pending.err
    assert [path for path, _ in writes(crisp_env)] == [
        f"conversation/{s}/state" for s in (ids[0], missing, ids[1])
    ]

    crisp_env.emulator.stats.reset()
    other = open_sessions(crisp_env, 12, 1)[0]
    refused = run_script("conversation", "read", missing, other, "session_nor_this")
    assert refused.code == 1 and "Traceback" not in refused.err
    assert refused.out == f"Marked {other} as read.\n"  # Crisp refused the batch for the others
    named = refused.err.splitlines()
    assert [line.split(":")[0] for line in named] == [
        f"Not done for {missing}",
        "Not done for session_nor_this",
    ]
    assert writes(crisp_env)[0] == (
        "batch/read",
        {"sessions": [missing, other, "session_nor_this"]},
    )
    assert run_script("conversation", "read", "--read-only", *ids).code == 2
