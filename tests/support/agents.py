"""An agent's side against the emulator: settings for it, and what its world now holds.

settings_for_app(app)     Settings for the in-process emulator app (ASGI transport)
agent_env(server)         os.environ for a child process that talks to `server`
open_session(server)      a conversation that is not resolved
copies(server, s, text)   how many messages of `s` hold exactly `text`
wait_for(condition)       wait (bounded) for another process to reach a point
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from starlette.applications import Starlette

from crisp_tui.config import Settings
from crisp_tui.emulator import EmulatorServer


def settings_for_app(app: Starlette) -> Settings:
    config = app.state.emulator.settings
    return Settings(
        website_id=config.website_id,
        token_id=config.token_id,
        token_key=config.token_key,
        api_url="http://emulator.test/v1",
    )


def agent_env(server: EmulatorServer) -> dict[str, str]:
    config = server.settings
    return {
        **os.environ,
        "CRISP_WEBSITE_ID": config.website_id,
        "CRISP_TOKEN_ID": config.token_id,
        "CRISP_TOKEN_KEY": config.token_key,
        "CRISP_API_URL": server.base_url,
    }


def open_session(server: EmulatorServer) -> str:
    world = server.emulator.world
    return next(sid for sid, c in world.conversations.items() if c.get("state") != "resolved")


def copies(server: EmulatorServer, session_id: str, text: str) -> int:
    return sum(1 for m in server.emulator.world.messages[session_id] if m.get("content") == text)


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Wait for another process to reach a point (bounded; there is no event to await)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the other process never got there"
        time.sleep(0.02)
