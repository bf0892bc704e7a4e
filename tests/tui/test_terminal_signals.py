"""What reaches the terminal outside the screen: the title and notification escapes, always
cleaned, and the agent's notify_command (a real process) without the token (issue #16 item 4)."""

from __future__ import annotations

import json
import sys

from crisp_tui.inbox.alerts import Attention
from crisp_tui.tui.notify_command import run_notify_command
from crisp_tui.tui.terminal_signals import (
    RESTORE_TITLE,
    SAVE_TITLE,
    TerminalTitle,
    notification_sequence,
    title_sequence,
    title_text,
)

HOSTILE = "Eve\x07\x1b]52;c;aGk=\x07\x9d0;x\x9c\u202e;evil\nnext"


def test_the_title_holds_our_counts_and_a_cleaned_website_name():
    text = title_text(Attention(unread=3, waiting=2), "Acme\x1b]0;pwned\x07 Support")
    assert text == "crisp-tui · 3 unread · 2 waiting · Acme Support"
    assert title_sequence(text) == f"\x1b]2;{text}\x07"


def test_the_title_is_written_when_it_changes_and_the_terminals_own_put_back():
    written: list[str] = []
    title = TerminalTitle(written.append)
    title.show("a")
    title.show("a")
    title.show("b")
    title.restore()
    title.restore()
    assert written == [SAVE_TITLE, title_sequence("a"), title_sequence("b"), RESTORE_TITLE]


def test_notification_escapes_carry_no_control_character_from_the_visitor():
    for kind in ("osc9", "osc777"):
        sequence = notification_sequence(kind, f"New message from {HOSTILE}", HOSTILE)
        opening = "\x1b]777;notify;" if kind == "osc777" else "\x1b]9;"
        assert sequence.startswith(opening) and sequence.endswith("\x07")
        payload = sequence[len(opening) : -1]
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in payload), payload
        assert "\u202e" not in payload
    osc777 = notification_sequence("osc777", "A;B", "body; with; semicolons")
    assert osc777 == "\x1b]777;notify;A,B;body; with; semicolons\x07"
    assert notification_sequence("osc9", "Title", "Body") == "\x1b]9;Title: Body\x07"


def test_notify_command_gets_the_fields_as_arguments_and_environment_never_the_token(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("CRISP_TOKEN_KEY", "sentinel-key")
    monkeypatch.setenv("CRISP_TOKEN_ID", "sentinel-id")
    out = tmp_path / "out.json"
    script = (
        "import json, os, sys; json.dump({'argv': sys.argv[1:], 'env': dict(os.environ)}, "
        f"open({str(out)!r}, 'w'))"
    )
    fields = {"title": "New message from {body}", "body": "hi", "name": "N", "session_id": "s1"}
    argv = (sys.executable, "-c", script, "{title}", "--", "{body}", "{nope}")
    assert run_notify_command(argv, fields) is None
    seen = json.loads(out.read_text())
    assert seen["argv"] == ["New message from {body}", "--", "hi", "{nope}"]
    assert seen["env"]["CRISP_TUI_NOTIFY_BODY"] == "hi"
    assert seen["env"]["CRISP_TUI_NOTIFY_SESSION_ID"] == "s1"
    assert "sentinel" not in json.dumps(seen)


def test_a_failing_notify_command_is_one_sentence():
    fields = {"title": "t", "body": "b", "name": "n", "session_id": "s"}
    missing = run_notify_command(("/nonexistent/notify",), fields)
    assert missing == (
        "notify_command could not start: '/nonexistent/notify' was not found (check the path)."
    )
    failed = run_notify_command((sys.executable, "-c", "raise SystemExit(3)"), fields)
    assert failed and "exit status 3" in failed
