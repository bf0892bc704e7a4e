"""Every scripting command in process (`main(argv)`), human and JSON, against a loopback emulator.

The subprocess tests (test_script.py) cover the real console script and every error class; these
cover the output and behaviour of each command cheaply.
"""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest

from crisp_tui.commands import Context
from crisp_tui.commands.text import cell_width
from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.support.emulator import FIXED_NOW_MS, tie_on_a_batch_boundary

Run = Callable[..., Result]
C = "/website/{website_id}/conversation/{session_id}"
LIST = "GET /website/{website_id}/conversations/{page}"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Context, "now_ms", FIXED_NOW_MS)


def conversations(server: EmulatorServer) -> dict[str, dict[str, Any]]:
    return server.emulator.world.conversations


def pick(server: EmulatorServer, index: int, test: Callable[[dict[str, Any]], bool] = bool) -> str:
    """A session id of its own for each test (the module's emulator is shared)."""
    return sorted(s for s, c in conversations(server).items() if test(c))[index]


def requests(server: EmulatorServer) -> dict[str, int]:
    return server.emulator.stats.to_dict()["requests"]


def operator_id(server: EmulatorServer, index: int = 0) -> str:
    return sorted(server.emulator.world.operator_ids())[index]


# --- inbox list and conversations search ---------------------------------------------------


def test_inbox_list_human_columns_and_json_raw(
    crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    human = run_cli("inbox", "list", tty=True)
    assert human.code == 0 and human.err == ""
    lines = human.out.splitlines()
    assert lines[0].split() == ["SESSION", "STATE", "UNREAD", "WAITING", "UPDATED", "VISITOR"]
    assert len(lines) == 21 and all(cell_width(line) <= 120 for line in lines)
    first = conversations(crisp_env)[lines[1].split()[0]]
    assert lines[1].split()[1] == first["state"]

    monkeypatch.setenv("COLUMNS", "200")
    wide = run_cli("inbox", "list", tty=True).out.splitlines()
    assert wide[0].split()[-2:] == ["LAST", "MESSAGE"]
    assert f"{first['meta']['nickname']} <{first['meta']['email']}>" in wide[1]
    assert first["last_message"][:20] in wide[1]

    # Through a pipe nothing is cut to the terminal's width, as `gh` does.
    monkeypatch.setenv("COLUMNS", "80")
    piped = run_cli("inbox", "list").out.splitlines()
    assert piped[0].split()[-2:] == ["LAST", "MESSAGE"]
    assert "…" not in piped[1] and first["last_message"] in piped[1]

    data = run_cli("inbox", "list", "--json").json()
    assert [c["session_id"] for c in data] == [line.split()[0] for line in lines[1:]]
    raw = conversations(crisp_env)[data[0]["session_id"]]
    assert data[0]["preview_message"]["fingerprint"] == raw["preview_message"]["fingerprint"]
    assert data[0]["meta"] == raw["meta"]  # unknown fields (device.capabilities) survive


def test_max_walks_pages_and_flags_take_both_forms(crisp_env: EmulatorServer, run_cli: Run) -> None:
    spaced = run_cli("inbox", "list", "--max", "60", "--json").json()
    assert requests(crisp_env)[LIST] == 2  # per_page 50: pages 1 and 2
    joined = run_cli("inbox", "list", "--json", "--max=60").json()
    assert len(spaced) == 60 and [c["session_id"] for c in joined] == [
        c["session_id"] for c in spaced
    ]
    page_two = run_cli("inbox", "list", "--page", "2", "--max", "20", "--json").json()
    assert [c["session_id"] for c in page_two] == [c["session_id"] for c in spaced[20:40]]
    assert len(run_cli("inbox", "list", "--max", "5", "--json").json()) == 5


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("unresolved", lambda c: c["state"] != "resolved"),
        ("resolved", lambda c: c["state"] == "resolved"),
        ("unread", lambda c: c["unread"]["operator"] > 0),
        ("unassigned", lambda c: not (c.get("assigned") or {}).get("user_id")),
        ("assigned", lambda c: bool((c.get("assigned") or {}).get("user_id"))),
    ],
)
def test_filters(crisp_env: EmulatorServer, run_cli: Run, name: str, check: Callable) -> None:
    data = run_cli("inbox", "list", "--filter", name, "--max", "30", "--json").json()
    assert data and all(check(c) for c in data)


def test_mine_and_mentions_use_the_operator_id(
    crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = run_cli("inbox", "list", "--filter", "mine")
    assert refused.code == 2 and "CRISP_OPERATOR_ID" in refused.err and refused.out == ""
    assert requests(crisp_env) == {}  # refused before any request

    me = operator_id(crisp_env)
    monkeypatch.setenv("CRISP_OPERATOR_ID", me)
    mine = run_cli("inbox", "list", "--filter=mine", "--json").json()
    assert mine and all(c["assigned"]["user_id"] == me for c in mine)
    mentions = run_cli("inbox", "list", "--filter", "mentions", "--max", "50", "--json").json()
    assert all(me in c["mentions"] for c in mentions)


def test_search_finds_a_visitor_by_email(crisp_env: EmulatorServer, run_cli: Run) -> None:
    target = pick(crisp_env, 3, lambda c: bool(c["meta"].get("email")))
    email = conversations(crisp_env)[target]["meta"]["email"]
    found = run_cli("conversations", "search", email, "--json", "--filter", "all").json()
    assert target in [c["session_id"] for c in found]
    human = run_cli("conversations", "search", "--max", "3", email)
    assert human.code == 0 and target in human.out
    none = run_cli("conversations", "search", "zzz-no-such-visitor-zzz")
    assert none.code == 0 and none.out == "No conversations.\n"
    assert run_cli("conversations", "search", "zzz-no-such-visitor-zzz", "--json").json() == []


# --- one conversation ----------------------------------------------------------------------


def test_conversation_get(crisp_env: EmulatorServer, run_cli: Run) -> None:
    session = pick(crisp_env, 4, lambda c: bool(c["meta"].get("email") and c.get("topic")))
    raw = conversations(crisp_env)[session]
    human = run_cli("conversation", "get", session)
    assert human.code == 0
    fields = dict(line.split(None, 1) for line in human.out.splitlines())
    assert fields["Session"] == session and fields["State"] == raw["state"]
    assert fields["Email"] == raw["meta"]["email"]
    assert fields["Visitor"] == raw["meta"]["nickname"]
    assert run_cli("conversation", "get", "--json", session).json() == raw


def test_resolve_uses_the_state_route(crisp_env: EmulatorServer, run_cli: Run) -> None:
    """Bug 1 of the original skill: it resolved through the meta (or conversation) route."""
    session = pick(crisp_env, 5, lambda c: c["state"] == "unresolved")
    done = run_cli("conversation", "resolve", session, "--json")
    assert done.code == 0 and done.json() == {"session_id": session, "state": "resolved"}
    assert requests(crisp_env) == {f"PATCH {C}/state": 1}
    assert conversations(crisp_env)[session]["state"] == "resolved"

    for command, state in (("pending", "pending"), ("unresolve", "unresolved")):
        human = run_cli("conversation", command, session)
        assert human.out == f"{session} is now {state}.\n"
        assert conversations(crisp_env)[session]["state"] == state


def test_read_sends_from_and_origin(crisp_env: EmulatorServer, run_cli: Run) -> None:
    """Bug 2 of the original skill: it marked read without `origin` (Crisp answers 400)."""
    session = pick(crisp_env, 6, lambda c: c["unread"]["operator"] > 0)
    done = run_cli("conversation", "read", session, "--json")
    assert done.code == 0 and done.json() == {"session_id": session, "read": True}
    stats = crisp_env.emulator.stats.to_dict()
    assert stats["requests"] == {f"PATCH {C}/read": 1} and stats["statuses"] == {"200": 1}
    assert conversations(crisp_env)[session]["unread"]["operator"] == 0

    unread = run_cli("conversation", "unread", session)
    assert unread.out == f"Marked {session} as unread.\n"
    assert conversations(crisp_env)[session]["unread"]["operator"] == 1


def test_assign(crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    session = pick(crisp_env, 7)
    other = operator_id(crisp_env)
    assert run_cli("conversation", "assign", session, other, "--json").json() == {
        "session_id": session,
        "assigned": other,
    }
    assert conversations(crisp_env)[session]["assigned"]["user_id"] == other

    refused = run_cli("conversation", "assign", session, "me")
    assert refused.code == 2 and "CRISP_OPERATOR_ID" in refused.err
    me = operator_id(crisp_env, 1)
    monkeypatch.setenv("CRISP_OPERATOR_ID", me)
    assert run_cli("conversation", "assign", session, "me").out == f"Assigned {session} to {me}.\n"
    assert conversations(crisp_env)[session]["assigned"]["user_id"] == me
    assert run_cli("conversation", "assign", session, "none").out == f"Unassigned {session}.\n"
    assert not conversations(crisp_env)[session].get("assigned")

    unknown = run_cli("conversation", "assign", session, "not-an-operator")
    assert unknown.code == 1 and "invalid" in unknown.err and unknown.out == ""


# --- messages --------------------------------------------------------------------------------


def test_messages_get_walks_back_through_206_batches(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    session = max(crisp_env.emulator.world.messages.items(), key=lambda kv: len(kv[1]))[0]
    history = crisp_env.emulator.world.messages[session]
    batch = run_cli("messages", "get", session, "--json").json()
    assert [m["fingerprint"] for m in batch] == [m["fingerprint"] for m in history[-40:]]

    crisp_env.emulator.stats.reset()
    walked = run_cli("messages", "get", "--max=100", session, "--json").json()
    assert [m["fingerprint"] for m in walked] == [m["fingerprint"] for m in history[-100:]]
    assert requests(crisp_env) == {f"GET {C}/messages": 3}

    before = walked[0]["timestamp"]
    older = run_cli("messages", "get", session, "--before", str(before), "--max", "5", "--json")
    assert [m["timestamp"] < before for m in older.json()] == [True] * 5

    human = run_cli("messages", "get", session, "--max", "3")
    assert human.out.count("\n\n") == 3  # three messages and the hint, blank lines between
    # --before is exclusive: the hint includes the oldest shown millisecond, in case of a tie.
    assert human.out.rstrip().endswith(f"add --before {walked[-3]['timestamp'] + 1}")


HOSTILE = "\x1b]0;pwned\x07\x1b[31mEve\x1b[0m\u202e\x9b2J"


def test_every_message_type_and_hostile_text_in_human_output(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    world = crisp_env.emulator.world
    contents = {
        "text": f"hello {HOSTILE}",
        "note": "private",
        "file": {"name": f"{HOSTILE}.pdf", "url": "https://x.example/f.pdf", "type": "a/pdf"},
        "animation": {"url": "https://x.example/a.gif", "type": "image/gif"},
        "audio": {"url": "https://x.example/a.ogg", "type": "audio/ogg", "duration": 12},
        "picker": {"id": "p", "text": "Choose", "choices": [{"value": "a", "label": "A"}]},
        "field": {"id": "f", "text": "Email", "explain": "", "value": "e@x.example"},
        "carousel": {"text": "Plans", "targets": [{"title": "Pro", "description": "All"}]},
        "event": {"namespace": "state:resolved", "text": "Resolved"},
        "hologram": {"beam": 1},
    }
    messages = [
        {
            "type": kind,
            "from": "user",
            "content": content,
            "timestamp": FIXED_NOW_MS - 1000 + i,
            "fingerprint": 2**40 + i,
            "session_id": "session_hostile",
        }
        for i, (kind, content) in enumerate(contents.items())
    ]
    conversation = {
        "session_id": "session_hostile",
        "website_id": world.website_id,
        "state": "unresolved",
        "meta": {"nickname": HOSTILE, "email": f"eve{HOSTILE}@x.example"},
        "last_message": HOSTILE,
        "unread": {"operator": 9, "visitor": 0},
        "created_at": FIXED_NOW_MS - 5000,
        "updated_at": FIXED_NOW_MS + 10**9,  # first in the inbox
        "waiting_since": FIXED_NOW_MS - 3_720_000,
    }
    crisp_env.emulator.add_conversation(conversation, messages)

    shown = run_cli("messages", "get", "session_hostile").out
    for tag in (
        "[file] ",
        "[animation] ",
        "[audio 0:12] ",
        "[picker] Choose",
        "( ) A",
        "[field] Email: e@x.example",
        "[carousel] Plans",
        "- Pro: All",
        "[event state:resolved] Resolved",
        '[hologram] {"beam": 1}',
        "  private",
    ):
        assert tag in shown
    row = run_cli("inbox", "list", "--max", "1").out.splitlines()[1]
    assert row.split()[:5] == ["session_hostile", "unresolved", "9", "1h02m", "Jun"]
    detail = run_cli("conversation", "get", "session_hostile").out
    for output in (shown, row, detail):
        assert not {"\x1b", "\x07", "\u202e", "\x9b"} & set(output)
        assert "Eve" in output
    raw = run_cli("conversation", "get", "session_hostile", "--json").out
    assert "\x1b" not in raw and "\\u001b" in raw  # JSON escapes it, jq gets the exact value
    on_terminal = run_cli("conversation", "get", "session_hostile", "--json", tty=True).out
    # C1 (here CSI) is escaped even through a pipe: the file may reach a terminal later.
    assert "\x9b" not in raw + on_terminal and "\\u009b" in raw and "\\u009b" in on_terminal
    assert json.loads(on_terminal) == json.loads(raw)


# --- sending ---------------------------------------------------------------------------------


def posted(server: EmulatorServer) -> list[dict[str, Any]]:
    return server.emulator.stats.to_dict()["posted"]


def test_send_with_yes_json_and_flags_never_leak(crisp_env: EmulatorServer, run_cli: Run) -> None:
    session = pick(crisp_env, 8)
    sent = run_cli("message", "send", session, "hello", "--json", "--yes")
    assert sent.code == 0 and sent.err == ""
    assert sent.json() == {
        "session_id": session,
        "type": "text",
        "fingerprint": posted(crisp_env)[0]["fingerprint"],
    }
    assert run_cli("message", "send", "--yes", session, "--", "--json").code == 0
    assert run_cli("note", session, "-", "--yes", stdin="from stdin\n\n").code == 0
    noted = run_cli("message", "send", session, "psst", "--note", "--yes")
    assert noted.code == 0 and noted.out.startswith("Added the private note to the conversation")
    assert [(p["type"], p["from"], p["origin"], p["content"]) for p in posted(crisp_env)] == [
        ("text", "operator", "chat", "hello"),
        ("text", "operator", "chat", "--json"),
        ("note", "operator", "chat", "from stdin"),
        ("note", "operator", "chat", "psst"),
    ]
    name = conversations(crisp_env)[session]["meta"].get("nickname", "")
    human = run_cli("message", "send", session, "bye", "--yes")
    assert human.out.startswith(f"Sent the reply to {name}")


def test_send_confirms_on_a_terminal_and_refuses_without_one(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    session = pick(crisp_env, 9, lambda c: bool(c["meta"].get("email")))
    meta = conversations(crisp_env)[session]["meta"]

    refused = run_cli("message", "send", session, "hi")
    assert refused.code == 2 and "--yes" in refused.err
    declined = run_cli("message", "send", session, "hi there", tty=True, stdin="n\n")
    # 3, not 1: the agent said no, Crisp refused nothing.
    assert declined.code == 3 and declined.out == "" and "Not sent." in declined.err
    assert posted(crisp_env) == []
    assert requests(crisp_env) == {f"GET {C}": 1}

    accepted = run_cli("note", session, "line one\nline two", tty=True, stdin="y\n")
    assert accepted.code == 0
    assert f"{meta['nickname']} <{meta['email']}>" in accepted.err
    assert "Private note" in accepted.err and "  line one\n  line two" in accepted.err
    assert "Send it? [y/N]" in accepted.err
    assert posted(crisp_env)[0]["content"] == "line one\nline two"

    empty = run_cli("message", "send", session, "-", "--yes", stdin="\n")
    assert empty.code == 2 and "empty" in empty.err


# --- operators, locate, help, the app ----------------------------------------------------------


def test_operators(crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch):
    me = operator_id(crisp_env, 2)
    monkeypatch.setenv("CRISP_OPERATOR_ID", me)
    data = run_cli("operators", "--json").json()
    assert me in [o["details"]["user_id"] for o in data]
    human = run_cli("operators").out.splitlines()
    assert human[0].split()[:3] == ["USER", "ID", "NAME"]
    assert next(line for line in human if "(me)" in line).startswith(me)


def test_locate(run_cli: Run, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = run_cli("locate", "--json").json()
    # No cache directory: nothing is ever written there.
    assert paths == {
        "config_file": str(tmp_path / "xdg/config/crisp-tui/config.toml"),
        "data_dir": str(tmp_path / "xdg/data/crisp-tui"),
        "store_file": None,
        "error_log": str(tmp_path / "xdg/state/crisp-tui/log/errors.log"),
        "snippets_file": str(tmp_path / "xdg/config/crisp-tui/snippets.toml"),
        "profile": None,
        "profiles": [],
    }
    assert run_cli("locate").out.splitlines()[0] == f"Config file: {paths['config_file']}"
    monkeypatch.setenv("CRISP_WEBSITE_ID", "site-1")
    store_file = run_cli("locate", "--json").json()["store_file"]
    assert store_file == str(tmp_path / "xdg/data/crisp-tui/site-1.sqlite3")


LEAVES = [
    ["inbox", "list"],
    ["conversations", "search"],
    ["conversation", "get"],
    ["conversation", "read"],
    ["conversation", "unread"],
    ["conversation", "resolve"],
    ["conversation", "unresolve"],
    ["conversation", "pending"],
    ["conversation", "assign"],
    ["messages", "get"],
    ["message", "send"],
    ["note"],
    ["operators"],
    ["locate"],
    ["emulator"],
]


def test_every_command_has_help(run_cli: Run) -> None:
    for leaf in LEAVES:
        shown = run_cli(*leaf, "--help")
        assert shown.code == 0 and shown.out.startswith(f"usage: crisp-tui {' '.join(leaf)}")
        assert ("--json" in shown.out) == (leaf != ["emulator"])
    assert run_cli("--help").code == 0
    bad = run_cli("inbox", "list", "--max", "zero")
    assert bad.code == 2 and "'zero' is not a whole number" in bad.err
    assert run_cli("inbox", "list", "--filter", "nope").code == 2
    assert run_cli("conversation").code == 2


def test_no_command_starts_the_app(run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "crisp_tui.tui.app", None)
    missing = run_cli("--demo")
    assert missing.code == 1 and "not built yet" in missing.err

    calls: list[tuple[object, bool]] = []
    app = types.ModuleType("crisp_tui.tui.app")

    def run(settings: object, *, demo: bool) -> int:
        calls.append((settings, demo))
        return 7

    app.run = run  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "crisp_tui.tui.app", app)
    assert run_cli("--demo").code == 7 and calls[-1][1] is True
    assert run_cli().code == 7 and calls[-1][1] is False
    assert run_cli("--demo", "inbox", "list").code == 2


def test_emulator_command_serves_with_the_given_settings(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crisp_tui.emulator

    seen: dict[str, Any] = {}
    monkeypatch.setattr(
        crisp_tui.emulator, "serve", lambda host, port, settings: seen.update(locals())
    )
    argv = ["emulator", "--port", "0", "--seed=7", "--latency-ms", "25", "--daily-quota", "9"]
    assert run_cli(*argv, "--activity-per-minute", "0").code == 0
    settings = seen["settings"]
    assert (seen["host"], seen["port"], settings.seed) == ("127.0.0.1", 0, 7)
    assert (settings.activity_per_minute, settings.faults.latency_ms) == (0, 25)
    assert settings.faults.daily_quota == 9


def test_interrupted_and_garbled_errors_exit_cleanly(
    crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crisp_tui.crisp import CrispClient
    from crisp_tui.crisp.errors import InvalidDataError

    async def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(CrispClient, "list_conversations", interrupted)
    stopped = run_cli("inbox", "list")
    assert stopped.code == 130 and stopped.err == "Interrupted.\n"

    async def refused(*args: object, **kwargs: object) -> None:
        raise InvalidDataError(f"Crisp refused the request as invalid: {HOSTILE}")

    monkeypatch.setattr(CrispClient, "list_operators", refused)
    garbled = run_cli("operators")
    assert garbled.code == 1 and garbled.err.startswith("Crisp refused the request as invalid: ")
    assert not {"\x1b", "\x07", "\u202e", "\x9b"} & set(garbled.err)


def test_messages_get_names_the_visitor_by_the_contacts_current_name(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    world = crisp_env.emulator.world

    def snapshot_differs(sid: str) -> bool:
        first = world.messages[sid][0] if world.messages[sid] else {}
        nickname = world.conversations[sid]["meta"]["nickname"]
        return first.get("from") == "user" and first["user"]["nickname"] != nickname

    session = next(sid for sid in sorted(world.conversations) if snapshot_differs(sid))
    snapshot = world.messages[session][0]["user"]["nickname"]
    name = world.conversations[session]["meta"]["nickname"]
    out = run_cli("messages", "get", session).out
    assert f"{name} (visitor)" in out
    assert snapshot not in out and "  visitor\n" not in out


def test_messages_get_max_keeps_a_tie_on_a_batch_boundary(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    world = crisp_env.emulator.world
    by_size = sorted(world.messages, key=lambda sid: len(world.messages[sid]))
    session = by_size[-2]  # not the longest: another test walks that one
    _, tied = tie_on_a_batch_boundary(crisp_env.emulator, session)
    walked = run_cli("messages", "get", session, "--max", "80", "--json").json()
    fingerprints = [m["fingerprint"] for m in walked]
    assert set(tied) <= set(fingerprints) and len(set(fingerprints)) == 80


def test_json_errors_keep_crisps_full_message(crisp_env: EmulatorServer, run_cli: Run) -> None:
    session = pick(crisp_env, 30)
    result = run_cli("conversation", "assign", session, "op_unknown", "--json")
    assert result.code == 1 and result.out == "" and result.err.count("\n") == 1
    error = json.loads(result.err)["error"]
    assert error["reason"] == "invalid_data" and error["status"] == 400
    assert error["message"].startswith("Crisp refused the request as invalid")
    assert "anyOf" not in error["message"] and "anyOf" in error["detail"]


def test_json_is_strict_utf8_whatever_the_server_or_the_terminal(
    crisp_env: EmulatorServer, run_cli: Run
) -> None:
    world = crisp_env.emulator.world
    world.add_conversation(
        {
            "session_id": "session_numbers",
            "website_id": world.website_id,
            "state": "unresolved",
            "meta": {"nickname": "José 伊藤 🎉", "data": {"score": float("nan"), "top": 1e400}},
        }
    )
    for tty in (False, True):
        raw = run_cli("conversation", "get", "session_numbers", "--json", tty=tty).out
        assert "José 伊藤 🎉" in raw  # UTF-8, not \u escapes, on a terminal too

        def refuse(constant: str) -> None:
            raise AssertionError(f"{constant} is not JSON")

        data = json.loads(raw, parse_constant=refuse)
        assert data["meta"]["data"] == {"score": None, "top": None}
