"""Every scripting command, on success and on every error path, with sentinel credentials and
every logger at DEBUG: the key, `id:key` and its base64 appear in no byte written anywhere.
Config files that hold a key are 0600, and a readable one is warned about."""

from __future__ import annotations

import argparse
import base64
import os
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crisp_tui.cli import build_parser, main
from crisp_tui.config import config_file_path, load_settings, save_setting
from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.emulator import EmulatorServer
from tests.support.emulator import agent_replied
from tests.support.snippets import write_snippets

from .leaks import Sentinel, debug_log, sentinel_emulator

SENTINEL = Sentinel()
# Positional arguments by name; a new command with a new one fails test_every_command_is_run.
ARGUMENTS = {
    "query": "hello",
    "text": "Hello from the sentinel run",
    "path": __file__,
    "name": "greeting",  # the snippet sentinel_env writes
}
# These serve until interrupted: the emulator with the public demo credentials; `mcp` answers
# on stdin/stdout (tests/assistant/test_mcp_server.py checks its answers hold no key); `listen`
# streams events (tests/cli/test_listen.py checks a refused key is never shown).
NOT_RUN = {("emulator",), ("mcp",), ("listen",)}


def commands() -> list[tuple[tuple[str, ...], list[str], bool]]:
    """Every leaf command: its words, its positional argument names, whether it takes --json.
    A command that asks for confirmation gets `--yes` as its last positional name."""

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> Iterator:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, (*words, name))
                return
        positional = [a.dest for a in parser._actions if not a.option_strings]
        if any("--yes" in a.option_strings for a in parser._actions):
            positional.append("--yes")
        takes_json = any("--json" in a.option_strings for a in parser._actions)
        yield words, positional, takes_json

    return [c for c in walk(build_parser(), ()) if c[0] not in NOT_RUN]


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with sentinel_emulator(SENTINEL, seed=3, conversations=25) as server:
        yield server


@pytest.fixture
def sentinel_env(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    operator = server.emulator.world.operators[0]["details"]["user_id"]
    for name, value in (
        ("CRISP_API_URL", server.base_url),
        ("CRISP_WEBSITE_ID", server.settings.website_id),
        ("CRISP_TOKEN_ID", SENTINEL.token_id),
        ("CRISP_TOKEN_KEY", SENTINEL.token_key),
        ("CRISP_OPERATOR_ID", operator),
    ):
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(RetryPolicy, "delay", lambda *_: 0.0)  # no real back-off waits
    write_snippets('[[snippet]]\nname = "greeting"\ntext = "Hello {visitor.name}"\n')
    return server


def _wrong_key(server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server.emulator.settings, "token_key", "the-key-crisp-expects")


def _faults(**faults: object) -> Callable[[EmulatorServer, pytest.MonkeyPatch], None]:
    return lambda server, _monkeypatch: server.emulator.set_faults(**faults)


def _env(name: str, value: str | None) -> Callable[[EmulatorServer, pytest.MonkeyPatch], None]:
    def apply(_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> None:
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)

    return apply


SCENARIOS: dict[str, Callable[[EmulatorServer, pytest.MonkeyPatch], None]] = {
    "ok": lambda _server, _monkeypatch: None,
    "401": _wrong_key,
    "503-html": _faults(error_rate=1.0, error_status=503, html_errors=True),
    "500-json": _faults(error_rate=1.0, error_status=500),
    "429": _faults(error_rate=1.0, error_status=429),
    "423": _faults(error_rate=1.0, error_status=423),
    "400": _faults(error_rate=1.0, error_status=400),
    "dropped": _faults(drop_rate=1.0),
    "unreachable": _env("CRISP_API_URL", "http://127.0.0.1:9/v1"),
    "no-key": _env("CRISP_TOKEN_KEY", None),
    "bad-tier": _env("CRISP_TIER", "SENTINEL-tier"),
}


def argv_for(
    server: EmulatorServer, words: tuple[str, ...], positional: list[str], session: str
) -> list[str]:
    def value(name: str) -> str:
        if name == "fingerprint":
            session_id = next(iter(server.emulator.world.conversations))
            return str(agent_replied(server.emulator, session_id, "A reply to edit or delete"))
        fixed = {"session": session, "sessions": session, "operator": "", "--yes": "--yes"}
        fixed["operator"] = os.environ["CRISP_OPERATOR_ID"]
        return fixed.get(name) or ARGUMENTS[name]

    return [*words, *(value(name) for name in positional)]


def test_the_search_finds_every_form_of_the_key() -> None:
    header = base64.b64encode(f"{SENTINEL.token_id}:{SENTINEL.token_key}".encode()).decode()
    for leak in (SENTINEL.token_key, f"Authorization: Basic {header}", header[:-2]):
        assert SENTINEL.hits(f"... {leak} ...", "here")


def test_every_command_is_run() -> None:
    names = {name for _, positional, _ in commands() for name in positional}
    assert names <= {*ARGUMENTS, "session", "sessions", "fingerprint", "operator", "--yes"}
    assert len(commands()) >= 14


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_command_leaks_the_key(
    scenario: str,
    sentinel_env: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    server = sentinel_env
    session = next(iter(server.emulator.world.conversations))
    SCENARIOS[scenario](server, monkeypatch)
    codes: dict[str, int] = {}
    leaks: list[str] = []
    try:
        with debug_log(tmp_path / "debug.log"):
            for words, positional, takes_json in commands():
                # Both outputs and a 404 on success; an error path is the same for any of them.
                targets = (session, "session_unknown") if scenario == "ok" else (session,)
                outputs = ["--json", ""] if takes_json and scenario == "ok" else ["--json"]
                for target in targets:
                    for flag in outputs if takes_json else [""]:
                        argv = argv_for(server, words, positional, target)
                        command = [*argv, *filter(None, [flag])]
                        codes[" ".join(command)] = main(command)
                        out, err = capfd.readouterr()
                        leaks += SENTINEL.hits(out + err, " ".join(command))
    finally:
        server.emulator.reset_faults()
    leaks += SENTINEL.hits_in_files([tmp_path, Path(os.environ["XDG_CONFIG_HOME"]).parent])
    assert leaks == []
    if scenario not in ("unreachable", "no-key", "bad-tier"):
        assert "send_request_headers" in (tmp_path / "debug.log").read_text()  # httpcore logged
    failed = {command for command, code in codes.items() if code != 0}
    if scenario == "ok":
        assert all("session_unknown" in command for command in failed), failed
    else:
        assert failed


@pytest.mark.slow
def test_a_real_process_at_debug_level_leaks_nothing(sentinel_env: EmulatorServer) -> None:
    """The console script in its own process, root logger at DEBUG, success and 401."""
    script = (
        "import logging, sys; logging.basicConfig(level=logging.DEBUG); "
        "from crisp_tui.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    session = next(iter(sentinel_env.emulator.world.conversations))
    runs = [
        ("inbox", "list", "--json"),
        ("messages", "get", session),
        ("message", "send", session, "hi", "--yes"),
    ]
    leaks: list[str] = []
    for key in (SENTINEL.token_key, "SENTINELKEY-wrong"):
        for argv in runs:
            done = subprocess.run(
                [sys.executable, "-c", script, *argv],
                capture_output=True,
                timeout=60,
                env={**os.environ, "CRISP_TOKEN_KEY": key, "PYTHONWARNINGS": "always"},
            )
            assert b"DEBUG:httpcore" in done.stderr  # the loggers were on
            assert done.returncode == (0 if key == SENTINEL.token_key else 1), done.stderr
            leaks += SENTINEL.hits(done.stdout + done.stderr, f"{argv} key={key[:16]}")
            leaks += Sentinel(SENTINEL.token_id, key).hits(done.stdout + done.stderr, "wrong")
    assert leaks == []


# --- the config file ----------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saving_the_key_makes_the_config_file_private(run_cli) -> None:
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('tier = "plugin"\n')
    path.chmod(0o644)  # created earlier by hand, readable by all
    save_setting("token_key", SENTINEL.token_key)
    assert mode(path) == 0o600
    assert load_settings().warnings == ()
    path.unlink()
    save_setting("token_key", SENTINEL.token_key)
    assert mode(path) == 0o600


def test_a_readable_config_file_with_a_key_is_made_private_and_said_so(run_cli) -> None:
    path = config_file_path()
    save_setting("token_key", SENTINEL.token_key)
    path.chmod(0o644)
    result = run_cli("locate")
    assert str(path) in result.err and "made it 0600" in result.err and result.code == 0
    assert mode(path) == 0o600
    assert load_settings().warnings == ()
    assert SENTINEL.hits(result.out + result.err, "warning") == []
