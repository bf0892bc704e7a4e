"""The token key from `token_key_command` (a real child program) or the system keyring (an
in-memory backend), with the documented precedence, and nothing the command prints shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import tomli_w

from crisp_tui.emulator import EmulatorServer
from crisp_tui.key_sources import KEYRING_SERVICE
from tests.support.cli import Result
from tests.support.key_store import MemoryKeyring

Run = Callable[..., Result]
MakeCommand = Callable[..., str]


@pytest.fixture
def keyless_env(crisp_env: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> EmulatorServer:
    monkeypatch.delenv("CRISP_TOKEN_KEY")
    return crisp_env


def test_the_command_gives_the_key_and_its_output_stays_hidden(
    keyless_env: EmulatorServer, key_command: MakeCommand, run_script: Run, tmp_path
) -> None:
    command = key_command(keyless_env.settings.token_key, stderr="NOISE-FROM-THE-MANAGER")
    config = tmp_path / "config.toml"
    config.write_text(tomli_w.dumps({"token_key_command": command}))
    for env in ({"CRISP_TOKEN_KEY_COMMAND": command}, {"CRISP_TUI_CONFIG": str(config)}):
        result = run_script("inbox", "list", "--json", env=env)
        assert result.code == 0, result.err
        assert result.err == ""
        assert "NOISE" not in result.out and "second line" not in result.out


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda cmd: cmd("SENTINEL-KEY", exit_status=3, stderr="SENTINEL-ERR"), "exit status 3"),
        (lambda cmd: cmd(""), "printed nothing on its first line"),
        (lambda cmd: "/nonexistent/bin/op read op://vault/crisp", "/nonexistent/bin/op was not"),
        (lambda cmd: "'unclosed", "not a command line"),
    ],
)
def test_a_failing_command_is_one_sentence(
    keyless_env: EmulatorServer,
    key_command: MakeCommand,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[MakeCommand], str],
    said: str,
) -> None:
    monkeypatch.setenv("CRISP_TOKEN_KEY_COMMAND", make(key_command))
    result = run_cli("inbox", "list")
    assert result.code == 2
    assert said in result.err and result.err.count("\n") == 1
    assert "SENTINEL" not in result.out + result.err
    assert keyless_env.emulator.stats.to_dict()["total"] == 0


def test_the_keyring_gives_the_key_last(
    keyless_env: EmulatorServer,
    memory_keyring: MemoryKeyring,
    key_command: MakeCommand,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = keyless_env.settings
    assert "keyring set crisp-tui" in run_cli("inbox", "list").err  # nothing stored yet
    memory_keyring.set_password(KEYRING_SERVICE, settings.token_id, settings.token_key)
    assert run_cli("inbox", "list").code == 0
    # A key set directly, or a command, wins over the keyring.
    memory_keyring.set_password(KEYRING_SERVICE, settings.token_id, "wrong-key")
    monkeypatch.setenv("CRISP_TOKEN_KEY_COMMAND", key_command(settings.token_key))
    assert run_cli("inbox", "list").code == 0
    monkeypatch.delenv("CRISP_TOKEN_KEY_COMMAND")
    monkeypatch.setenv("CRISP_TOKEN_KEY", settings.token_key)
    assert run_cli("inbox", "list").code == 0
    monkeypatch.delenv("CRISP_TOKEN_KEY")
    assert run_cli("inbox", "list").code == 1  # the keyring's (wrong) key was used


def test_a_broken_keyring_is_one_sentence(
    keyless_env: EmulatorServer, memory_keyring: MemoryKeyring, run_cli: Run, monkeypatch
) -> None:
    def locked(service: str, username: str) -> str:
        raise RuntimeError("collection is locked: SECRET-DETAIL")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    result = run_cli("inbox", "list")
    assert result.code == 2
    assert "keyring could not be read (RuntimeError)" in result.err
    assert "SECRET-DETAIL" not in result.err
