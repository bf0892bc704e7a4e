"""`snippets list|show` as the console script: the local file, and a snippet filled in for a
conversation fetched from the emulator."""

from __future__ import annotations

from collections.abc import Callable

from crisp_tui.config import config_dir
from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.support.snippets import write_snippets

Run = Callable[..., Result]

SNIPPETS = '''\
[[snippet]]
name = "refund"
tags = ["billing", "refund"]
text = """
Hi {visitor.first_name}, your {data.plan} plan is refunded. {cursor}
Code: {data.coupon}. {operator.first_name}"""

[[snippet]]
name = "hello"
text = "Hello!"
'''


def named_visitor(server: EmulatorServer) -> tuple[str, str, str]:
    """A conversation whose visitor has a first and last name: (session id, first name, plan)."""
    for session_id, conversation in server.emulator.world.conversations.items():
        meta = conversation["meta"]
        name = meta.get("nickname", "")
        if name.isascii() and " " in name:
            return session_id, name.split()[0], meta["data"]["plan"]
    raise AssertionError("the seeded world has no named visitor")


def test_list_needs_no_credentials_and_checks_the_file(run_script: Run) -> None:
    empty = run_script("snippets", "list")
    assert empty.code == 0 and "No snippets yet: write them in" in empty.out
    assert str(config_dir() / "snippets.toml") in empty.out
    write_snippets(SNIPPETS + '\n[[snippet]]\nname = "bad"\ntext = "{visitor.firstname}"\n')
    listed = run_script("snippets", "list", "--json")
    assert listed.code == 2  # a snippet was left out: a pre-commit hook or CI notices
    assert [(s["name"], s["tags"], s["first_line"]) for s in listed.json()] == [
        (
            "refund",
            ["billing", "refund"],
            "Hi {visitor.first_name}, your {data.plan} plan is refunded. {cursor}",
        ),
        ("hello", [], "Hello!"),
    ]
    assert listed.err.splitlines() == [
        f"warning: Ignored snippet 'bad' ({config_dir() / 'snippets.toml'}, line 12): "
        "{visitor.firstname} is not a placeholder (did you mean {visitor.first_name}?): use "
        "{visitor.first_name}, {visitor.name}, {visitor.email}, {visitor.phone}, "
        "{conversation.subject}, {operator.first_name}, {data.KEY} or {cursor}."
    ]
    write_snippets(SNIPPETS)
    human = run_script("snippets", "list")
    assert human.code == 0 and human.err == ""
    assert human.out.splitlines()[1].split()[:3] == ["!refund", "billing,", "refund"]


def test_show_fills_a_snippet_in_for_a_conversation(
    crisp_env: EmulatorServer, run_script: Run
) -> None:
    write_snippets(SNIPPETS)
    session_id, first_name, plan = named_visitor(crisp_env)
    shown = run_script("snippets", "show", "!refund", session_id, "--json")
    assert shown.code == 0, shown.err
    text = f"Hi {first_name}, your {plan} plan is refunded. \nCode: {{data.coupon}}. "
    assert shown.json() == {
        "name": "refund",
        "session_id": session_id,
        "text": text + "{operator.first_name}",
        "cursor": len(f"Hi {first_name}, your {plan} plan is refunded. "),
        "missing": ["data.coupon", "operator.first_name"],
    }
    me = crisp_env.emulator.world.operators[0]["details"]
    human = run_script(
        "snippets", "show", "refund", session_id, env={"CRISP_OPERATOR_ID": me["user_id"]}
    )
    assert (human.code, human.out) == (0, f"{text}{me['first_name']}\n")
    assert human.err == "warning: 1 placeholder has no value: {data.coupon}.\n"


def test_show_refuses_an_unknown_name_before_any_request(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    write_snippets(SNIPPETS)
    unknown = run_cli("snippets", "show", "nope", "session_x")
    assert unknown.code == 2 and unknown.err.startswith("No snippet is named 'nope' in ")
    assert crisp_env.emulator.stats.to_dict()["total"] == 0
    missing = run_cli("snippets", "show", "hello", "session_does_not_exist")
    assert missing.code == 1 and missing.err.count("\n") == 1
