"""`crisp-tui listen`: the real console script on the loopback emulator's RTM socket, stopped
with ^C (SIGINT) like a person or a supervisor would."""

from __future__ import annotations

import json
import selectors
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import IO

import pytest

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.support.emulator import visitor_writes
from tests.support.rtm import WAIT_S

HOSTILE = "Hi \x1b]0;pwned\x07\x1b[31mred\u202eevil [@click=app.quit]x[/]"


# Starting (imports) and stopping (closing the socket, finalising) a real interpreter has taken
# over 10 s on a loaded 2-core machine: both get the generous bound of the other subprocess tests.
PROCESS_S = 60.0


def _line(stream: IO[str], wait_s: float = WAIT_S) -> str:
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    assert selector.select(wait_s), "no line in time"
    return stream.readline()


@pytest.fixture
def listen(crisp_env: EmulatorServer) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "crisp_tui.cli", "listen", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        started.append(proc)
        assert _line(proc.stderr, PROCESS_S).startswith("Live: listening")
        return proc

    yield start
    for proc in started:
        proc.kill()
        proc.wait()


def _session(server: EmulatorServer) -> str:
    return sorted(server.emulator.world.conversations)[7]


def _interrupt(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGINT)
    return proc.wait(timeout=PROCESS_S)


def test_json_is_one_event_per_line_until_interrupted(crisp_env: EmulatorServer, listen) -> None:
    proc = listen("--json", "--events", "message:send,session:set_state")
    session = _session(crisp_env)
    visitor_writes(crisp_env.emulator, session, HOSTILE, fingerprint=4 * 10**15)
    event = json.loads(_line(proc.stdout))
    assert event["event"] == "message:send"
    assert event["data"]["session_id"] == session
    assert event["data"]["content"] == HOSTILE  # exact, as JSON escapes
    assert event["data"]["fingerprint"] == 4 * 10**15
    assert _interrupt(proc) == 130


def test_human_form_is_one_clean_line(crisp_env: EmulatorServer, listen) -> None:
    proc = listen()
    session = _session(crisp_env)
    visitor_writes(crisp_env.emulator, session, HOSTILE, fingerprint=5 * 10**15)
    line = _line(proc.stdout)
    assert line.endswith("\n") and line.count("\n") == 1
    assert f"message:send  {session}  Hi " in line
    assert not any(c in line for c in "\x1b\x07\u202e")
    assert _interrupt(proc) == 130


@pytest.mark.parametrize("events", ["message send", "message:send,message:sent"])
def test_unknown_event_name_is_a_usage_error(
    crisp_env: EmulatorServer, run_cli, events: str
) -> None:
    """Crisp knows a fixed set of events: a typo would listen forever to nothing."""
    result: Result = run_cli("listen", "--events", events)
    assert result.code == 2
    assert "is not a Crisp event name" in result.err


def test_refused_token_exits_1_with_one_sentence(
    crisp_env: EmulatorServer, run_script, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRISP_TOKEN_KEY", "wrong-key-never-shown")
    result: Result = run_script("listen")
    assert result.code == 1
    assert result.err == (
        "Crisp refused this token for live updates: check CRISP_TOKEN_ID, CRISP_TOKEN_KEY "
        "and CRISP_TIER.\n"
    )
    assert "wrong-key-never-shown" not in result.out + result.err
