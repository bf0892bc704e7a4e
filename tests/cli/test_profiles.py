"""`--profile NAME` (and CRISP_PROFILE) for every command, as the real console script in a
subprocess against the loopback emulator (issue #16 item 5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result

Run = Callable[..., Result]


@pytest.fixture
def profiles_env(cli_server: EmulatorServer, tmp_path: Path) -> dict[str, str]:
    """A config file whose top level points nowhere useful and whose [profiles.acme] is the
    emulator; [profiles.other] names its own token and gives no key."""
    config = cli_server.settings
    path = tmp_path / "config.toml"
    path.write_text(
        'website_id = "top-level-site"\n'
        "[profiles.acme]\n"
        f'website_id = "{config.website_id}"\n'
        f'token_id = "{config.token_id}"\n'
        f'token_key = "{config.token_key}"\n'
        f'api_url = "{cli_server.base_url}"\n'
        "[profiles.other]\n"
        'website_id = "other-site"\n'
        'token_id = "other-token"\n',
        encoding="utf-8",
    )
    path.chmod(0o600)
    return {"CRISP_TUI_CONFIG": str(path)}


def test_every_command_takes_a_profile_before_or_after_it_or_from_the_environment(
    cli_server: EmulatorServer, profiles_env: dict[str, str], run_script: Run
) -> None:
    before = run_script(
        "--profile", "acme", "inbox", "list", "--max", "2", "--json", env=profiles_env
    )
    assert before.code == 0, before.err
    assert len(before.json()) == 2
    # The profile beats the environment's website (it is chosen like a flag).
    after = run_script(
        "inbox",
        "list",
        "--max",
        "1",
        "--json",
        "--profile",
        "acme",
        env={**profiles_env, "CRISP_WEBSITE_ID": "not-this-one"},
    )
    assert after.code == 0 and len(after.json()) == 1, after.err
    from_env = run_script("locate", "--json", env={**profiles_env, "CRISP_PROFILE": "acme"})
    located = from_env.json()
    assert (located["profile"], located["profiles"]) == ("acme", ["acme", "other"])
    assert located["store_file"].endswith(f"{cli_server.settings.website_id}.sqlite3")
    assert cli_server.settings.token_key not in from_env.out + from_env.err


def test_an_unknown_profile_is_one_sentence_naming_the_valid_ones(
    profiles_env: dict[str, str], run_script: Run
) -> None:
    for argv in (("--profile", "nope", "locate"), ("inbox", "list", "--profile", "nope")):
        result = run_script(*argv, env=profiles_env)
        assert result.code == 2
        assert result.out == ""
        assert result.err.count("\n") == 1
        assert "There is no profile 'nope'" in result.err and "'acme', 'other'" in result.err


def test_a_profile_with_its_own_token_never_borrows_another_tokens_key(
    cli_server: EmulatorServer, profiles_env: dict[str, str], run_script: Run
) -> None:
    env = {**profiles_env, "CRISP_TOKEN_KEY": cli_server.settings.token_key}
    result = run_script("--profile", "other", "inbox", "list", env=env)
    assert result.code == 2
    assert "CRISP_TOKEN_KEY is not set" in result.err
    routes = cli_server.emulator.stats.to_dict()["requests"]
    assert not [route for route in routes if "other-site" in route]  # refused before sending
