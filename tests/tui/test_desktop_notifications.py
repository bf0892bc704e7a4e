"""The terminal's title and desktop notifications, seen as the terminal sees them: the real app in
a pty on a loopback emulator, visitors writing through the emulator's control path, and the raw
bytes the app wrote (issue #16 item 4: the escape only when the rules say so)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.store import Store
from crisp_tui.inbox.store_file import store_path
from tests.support.agents import agent_env
from tests.support.terminal import Terminal, terminal_app

NOTIFY = b"\x1b]777;notify;"


@pytest.fixture
def sessions(emulator_server: EmulatorServer, emulator_http: httpx.Client) -> tuple[str, str]:
    """(mine, other): the two newest open conversations, the newest assigned to me (so it is the
    highlighted row at start), the other to nobody and mentioning nobody."""
    emulator = emulator_server.emulator
    emulator.set_activity(0)  # only the visitors this test makes write
    world = emulator.world
    me = world.operators[0]["details"]["user_id"]
    newest = sorted(
        (c for c in world.conversations.values() if c.get("state") == "unresolved"),
        key=lambda c: c["updated_at"],
        reverse=True,
    )
    mine, other = newest[0]["session_id"], newest[1]["session_id"]
    world.conversations[other]["mentions"] = []
    for session_id, user_id in ((other, None), (mine, me)):  # `mine` ends up the newest
        routing = {"assigned": {"user_id": user_id} if user_id else None}
        answer = emulator_http.patch(
            f"/website/{world.website_id}/conversation/{session_id}/routing", json=routing
        )
        assert answer.status_code == 200, answer.text
        emulator.advance(seconds=1)
    return mine, other


@pytest.fixture
def app(emulator_server: EmulatorServer, tmp_path: Path) -> Iterator[Terminal]:
    me = emulator_server.emulator.world.operators[0]["details"]["user_id"]
    config = tmp_path / "config.toml"
    config.write_text(
        f'operator_id = "{me}"\ndesktop_notify = "osc777"\nnotify_for = "mine"\n', "utf-8"
    )
    env = {**agent_env(emulator_server), "CRISP_TUI_CONFIG": str(config)}
    with terminal_app([], env) as running:
        yield running


def visitor_writes(emulator_http: httpx.Client, session_id: str, text: str) -> None:
    """A second later (on the emulator's clock), the visitor writes: through the control path."""
    control = emulator_http.base_url.join("/_emulator/")
    for path, body in (
        ("clock/advance", {"seconds": 1}),
        ("visitor_message", {"session_id": session_id, "text": text}),
    ):
        answer = emulator_http.post(control.join(path), json=body)
        assert answer.status_code == 200, answer.text


def reads_of(server: EmulatorServer) -> int:
    requests = server.emulator.stats.to_dict()["requests"]
    return sum(count for route, count in requests.items() if route.endswith("/read"))


def test_a_desktop_notification_only_when_the_rules_say_so(
    app: Terminal,
    sessions: tuple[str, str],
    emulator_server: EmulatorServer,
    emulator_http: httpx.Client,
) -> None:
    mine, other = sessions
    # The title: the terminal's own is saved first, then our counts (never a visitor's words).
    app.wait_until(lambda: b"\x1b]2;crisp-tui \xc2\xb7 " in app.raw, "the counts in the title")
    title = re.search(rb"\x1b\]2;([^\x07]*)\x07", app.raw)
    assert title and re.fullmatch(
        rb"crisp-tui \xc2\xb7 \d+ unread \xc2\xb7 \d+ waiting.*", title[1]
    )
    assert app.raw.index(b"\x1b[22;2t") < app.raw.index(b"\x1b]2;")

    app.wait_for_text("→ you")  # the rows are in

    # Not mine: quiet (the toast still shows it).
    start = len(app.text)
    visitor_writes(emulator_http, other, "someone else's visitor")
    app.wait_for_text("someone else's", after=start)
    assert NOTIFY not in app.raw

    # Mine, not open: one notification, the visitor's text cleaned.
    visitor_writes(emulator_http, mine, "hello\x07\x1b]0;retitled\x07 again")
    app.wait_until(lambda: NOTIFY in app.raw, "a desktop notification")
    (notification,) = re.findall(rb"\x1b\]777;notify;([^\x07\x1b]*)\x07", app.raw)
    heading, body = notification.split(b";", 1)
    assert heading.startswith(b"New message from ")
    assert body == b"hello again"
    assert b"retitled" not in app.raw
    assert reads_of(emulator_server) == 0  # a notification never marks anything read

    # Mine, open, the terminal focused: quiet. (The highlight stayed on mine, the newest.)
    app.send("\r")
    with Store.open(store_path(emulator_server.settings.website_id))[0] as store:
        app.wait_until(lambda: store.get_value("last_open_session") == mine, "mine open")
    start = len(app.text)
    visitor_writes(emulator_http, mine, "open and focused, so no notification")
    app.wait_for_text("no notification", after=start)
    app.keep_reading(0.3)
    assert app.raw.count(NOTIFY) == 1

    app.send("q")
    assert app.wait() == 0
    assert app.raw.rindex(b"\x1b[23;2t") > app.raw.rindex(b"\x1b]2;")
