"""The scripting commands print every hostile conversation without a byte that could drive the
terminal, human or --json (which stays valid JSON), on a terminal or through a pipe; exit 0."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import pytest

from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from tests.support.cli import Result
from tests.support.emulator import FIXED_NOW_MS

from .hostile_world import CASES, HostileConversation, add_hostile_world

# ESC and every other C0 control but \t and \n, DEL, C1, bidi controls, lone surrogates.
UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[tuple[EmulatorServer, list[HostileConversation]]]:
    settings = EmulatorSettings(
        conversations=0, activity_per_minute=0, messages_batch=500, clock=FakeClock(FIXED_NOW_MS)
    )
    with EmulatorServer(settings) as server:
        yield server, add_hostile_world(server.emulator, CASES)


@pytest.fixture
def hostile(
    hostile_server: tuple[EmulatorServer, list[HostileConversation]],
    monkeypatch: pytest.MonkeyPatch,
) -> list[HostileConversation]:
    server, conversations = hostile_server
    for name, value in (
        ("CRISP_API_URL", server.base_url),
        ("CRISP_WEBSITE_ID", server.settings.website_id),
        ("CRISP_TOKEN_ID", server.settings.token_id),
        ("CRISP_TOKEN_KEY", server.settings.token_key),
    ):
        monkeypatch.setenv(name, value)
    return conversations


def assert_terminal_safe(result: Result, *, as_json: bool) -> None:
    assert result.code == 0, result.err
    for stream in (result.out, result.err):
        bad = UNSAFE.search(stream)
        assert bad is None, f"{bad[0]!r} near {stream[max(0, bad.start() - 40) : bad.end() + 40]!r}"
    if as_json:
        json.loads(result.out)


MODES = [
    pytest.param([], False, id="human"),
    pytest.param(["--json"], False, id="json-pipe"),
    pytest.param(["--json"], True, id="json-terminal"),
]


@pytest.mark.parametrize(("flags", "tty"), MODES)
def test_inbox_list(
    hostile: list[HostileConversation], run_cli: Callable[..., Result], flags, tty
) -> None:
    result = run_cli("inbox", "list", "--max", "500", *flags, tty=tty)
    assert_terminal_safe(result, as_json=bool(flags))
    if flags:
        shown = {row.get("session_id") for row in result.json()}
        assert {c.session_id for c in hostile} <= shown


@pytest.mark.slow
@pytest.mark.parametrize("command", ["conversation", "messages"])
@pytest.mark.parametrize(("flags", "tty"), MODES[:2])  # on a terminal, JSON is all ASCII
def test_every_conversation_and_its_messages(
    hostile: list[HostileConversation], run_cli: Callable[..., Result], command, flags, tty
) -> None:
    for conversation in hostile:
        result = run_cli(command, "get", conversation.session_id, *flags, tty=tty)
        assert_terminal_safe(result, as_json=bool(flags))
