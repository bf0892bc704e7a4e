"""`message edit` and `message delete` as real processes against the loopback emulator: the
confirmation in a real terminal (no = exit 3, nothing sent), --yes, --json, refusals and honest
exit codes; the emulator's request log shows exactly what went out."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.support.emulator import agent_replied
from tests.support.terminal import terminal_app

Run = Callable[..., Result]


def _session_and_reply(server: EmulatorServer, index: int) -> tuple[str, int]:
    """A conversation and a reply in it sent with this token (no user_id: the agent's)."""
    session = sorted(server.emulator.world.conversations)[index]
    return session, agent_replied(server.emulator, session, "Teh fix is live")


def _writes(server: EmulatorServer) -> list[tuple[str, str, object]]:
    """(method, path with the website id left out, body) of every write."""
    site = server.settings.website_id
    return [
        (w["method"], w["path"].replace(f"/v1/website/{site}", ""), w["body"])
        for w in server.emulator.stats.to_dict()["writes"]
    ]


def test_edit_and_delete_with_yes_and_json(crisp_env: EmulatorServer, run_script: Run) -> None:
    session, fingerprint = _session_and_reply(crisp_env, 3)
    edited = run_script(
        "message",
        "edit",
        session,
        str(fingerprint),
        "-",
        "--yes",
        "--json",
        stdin="The fix is live\n",
    )
    assert edited.code == 0, edited.err
    assert edited.json() == {"session_id": session, "fingerprint": fingerprint, "edited": True}
    deleted = run_script("message", "delete", session, str(fingerprint), "--yes")
    assert deleted.code == 0, deleted.err
    assert deleted.out.startswith(f"Deleted the reply (fingerprint {fingerprint})")
    route = f"/conversation/{session}/message/{fingerprint}"
    assert _writes(crisp_env) == [
        ("PATCH", route, {"content": "The fix is live"}),
        ("DELETE", route, None),
    ]

    again = run_script("message", "delete", session, str(fingerprint), "--yes", "--json")
    assert again.code == 1  # Crisp has no such message any more
    assert json.loads(again.err)["error"]["status"] == 404
    assert "no message" in json.loads(again.err)["error"]["message"]


def test_confirmation_in_a_terminal_and_refusals(
    crisp_env: EmulatorServer, run_script: Run
) -> None:
    session, fingerprint = _session_and_reply(crisp_env, 4)
    no_terminal = run_script("message", "edit", session, str(fingerprint), "new text")
    assert no_terminal.code == 2 and "--yes" in no_terminal.err

    with terminal_app(
        ["message", "edit", session, str(fingerprint), "New text"], dict(os.environ)
    ) as terminal:
        terminal.wait_for_text("Edit it? [y/N]")
        assert "was:" in terminal.text and "Teh fix is live" in terminal.text
        assert "becomes:" in terminal.text and "New text" in terminal.text
        terminal.send("n\r")
        assert terminal.wait() == 3  # declined: nothing was changed
    with terminal_app(
        ["message", "delete", session, str(fingerprint)], dict(os.environ)
    ) as terminal:
        terminal.wait_for_text("Delete it? [y/N]")
        terminal.send("y\r")
        assert terminal.wait() == 0
    assert _writes(crisp_env) == [
        ("DELETE", f"/conversation/{session}/message/{fingerprint}", None)
    ]

    world = crisp_env.emulator.world
    visitor = next(m for m in world.messages[session] if m.get("from") == "user")
    refused = run_script("message", "delete", session, str(visitor["fingerprint"]), "--yes")
    assert refused.code == 2 and "visitor's" in refused.err and "Nothing was changed" in refused.err
    teammate = sorted(world.operator_ids())[-1]
    colleague = world.append(
        session,
        {
            **visitor,
            "from": "operator",
            "fingerprint": 8_000_000_001,
            "user": {"user_id": teammate, "nickname": "Bob"},
        },
    )
    me = sorted(world.operator_ids())[0]
    refused = run_script(
        "message",
        "edit",
        session,
        str(colleague["fingerprint"]),
        "x",
        "--yes",
        env={"CRISP_OPERATOR_ID": me},
    )
    assert refused.code == 2 and "Bob's (a colleague's)" in refused.err
    unknown = run_script("message", "edit", session, str(colleague["fingerprint"]), "x", "--yes")
    assert unknown.code == 2  # without an operator id, Bob's reply is not known to be yours
    assert "Bob's" in unknown.err and "CRISP_OPERATOR_ID" in unknown.err
    bad = run_script("message", "edit", session, "abc", "x", "--yes")
    assert bad.code == 2 and "not a message fingerprint" in bad.err
    assert _writes(crisp_env) == [
        ("DELETE", f"/conversation/{session}/message/{fingerprint}", None)
    ]
