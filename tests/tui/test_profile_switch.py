"""Switching website in the real app (issue #16 item 5): in a pty, `crisp-tui --profile acme`
on one loopback emulator, W picks `beta` (another emulator, another website and token), and the
app starts again there: its own store file, its own socket, the first website's draft kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from crisp_tui.inbox.store import Store
from crisp_tui.inbox.store_file import store_path
from tests.support.emulator import FIXED_NOW_MS
from tests.support.terminal import terminal_app

BETA = EmulatorSettings(
    seed=7,
    clock=FakeClock(FIXED_NOW_MS),
    website_id="beta-site-0001",
    website_name="Beta Shop",
    token_id="beta-token-id",
    token_key="beta-token-key-0000000000000000",
    activity_per_minute=0,
)


@pytest.fixture
def beta_server() -> Iterator[EmulatorServer]:
    with EmulatorServer(BETA) as server:
        yield server


def profile(name: str, server: EmulatorServer) -> str:
    config = server.settings
    return (
        f"[profiles.{name}]\n"
        f'website_id = "{config.website_id}"\ntoken_id = "{config.token_id}"\n'
        f'token_key = "{config.token_key}"\napi_url = "{server.base_url}"\n'
    )


def test_w_restarts_the_app_on_the_other_website(
    emulator_server: EmulatorServer, beta_server: EmulatorServer, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(profile("acme", emulator_server) + profile("beta", beta_server), "utf-8")
    config.chmod(0o600)
    env = {"CRISP_TUI_CONFIG": str(config)}
    with terminal_app(["--profile", "acme"], {**os.environ, **env}) as app:
        app.wait_for_text("Acme Support (demo)")
        app.wait_for_text("⚡ live")
        app.send("\r")
        app.wait_for_text("Reply to")
        app.send("r")
        app.wait_for_text("Reply/Note")
        app.send("kept for acme")
        app.wait_for_text("kept for acme")
        start = len(app.text)
        app.send("\x1b")  # out of the composer (its draft saved), into the conversation
        app.wait_for_text(" conversation ", after=start)
        start = len(app.text)
        app.send("W")
        app.wait_for_text("Switch website", after=start)
        assert "beta-token-key" not in app.text
        start = len(app.text)
        app.send("j\r")
        app.wait_for_text("Beta Shop", after=start)
        app.wait_for_text("⚡ live", after=start)
        app.send("q")
        assert app.wait() == 0
    with Store.open(store_path(emulator_server.settings.website_id))[0] as acme:
        assert "kept for acme" in acme.drafts().values()
    with Store.open(store_path(BETA.website_id))[0] as beta:
        assert beta.count_conversations() > 0 and not beta.drafts()
    assert beta_server.emulator.stats.to_dict()["total"] > 0
