"""`--read-only` (or the `read_only` setting) on every command: no write request reaches Crisp."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.support.emulator import write_requests

Run = Callable[..., Result]


def write_commands(session_id: str, operator_id: str) -> list[list[str]]:
    return [
        ["conversation", "read", session_id],
        ["conversation", "unread", session_id],
        ["conversation", "resolve", session_id],
        ["conversation", "unresolve", session_id],
        ["conversation", "pending", session_id],
        ["conversation", "assign", session_id, operator_id],
        ["conversation", "assign", session_id, "none"],
        ["message", "send", session_id, "hello", "--yes"],
        ["message", "send", session_id, "hello", "--note", "--yes"],
        ["note", session_id, "hello", "--yes"],
        ["file", "send", session_id, __file__, "--yes"],
    ]


def _session_and_operator(server: EmulatorServer) -> tuple[str, str]:
    world = server.emulator.world
    return sorted(world.conversations)[0], sorted(world.operator_ids())[0]


@pytest.mark.parametrize("where", ["before", "after"])
def test_every_write_command_is_refused_with_the_flag(
    crisp_env: EmulatorServer, run_cli: Run, where: str
) -> None:
    session_id, operator_id = _session_and_operator(crisp_env)
    for command in write_commands(session_id, operator_id):
        argv = ["--read-only", *command] if where == "before" else [*command, "--read-only"]
        result = run_cli(*argv)
        assert result.code == 2, argv
        assert result.out == ""
        assert result.err.count("\n") == 1 and "read-only mode" in result.err, argv
    assert write_requests(crisp_env.emulator) == {}


def test_the_setting_makes_every_command_read_only(
    crisp_env: EmulatorServer, run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    session_id, operator_id = _session_and_operator(crisp_env)
    config = tmp_path / "config.toml"
    config.write_text("read_only = true\n")
    monkeypatch.setenv("CRISP_TUI_CONFIG", str(config))
    for command in write_commands(session_id, operator_id):
        assert run_cli(*command).code == 2, command
    monkeypatch.delenv("CRISP_TUI_CONFIG")
    monkeypatch.setenv("CRISP_TUI_READ_ONLY", "1")
    assert run_cli("conversation", "resolve", session_id).code == 2
    assert write_requests(crisp_env.emulator) == {}


def test_reads_work_in_read_only_mode(crisp_env: EmulatorServer, run_cli: Run) -> None:
    session_id, _ = _session_and_operator(crisp_env)
    assert run_cli("--read-only", "inbox", "list", "--json").code == 0
    assert run_cli("conversation", "get", session_id, "--read-only").code == 0
    assert run_cli("messages", "get", session_id, "--read-only", "--json").code == 0
    assert write_requests(crisp_env.emulator) == {}
