"""Emulator fixtures: settings on a fixed fake clock, the app in process, and a loopback server.

emulator_settings  EmulatorSettings (seed 1234, FakeClock at FIXED_NOW_MS, default activity)
emulator_app       the Starlette app; its Emulator is `emulator_app.state.emulator`
emulator_server    EmulatorServer on 127.0.0.1:<free port> in a thread, stopped after the test:
                   .base_url (…/v1), .origin, .app, .emulator, .settings (credentials)
served             `with served(settings) as server`: an EmulatorServer on this process's usual port
emulator_http      a plain httpx.Client on emulator_server with the demo credentials
visitor_writes     a visitor's text message appended to a conversation, a little later
agent_replied      a reply sent with this token (no user_id: the agent's own) appended now
settings_for       crisp-tui Settings pointing at a loopback server with its credentials
longest_session    the session with the longest history
tie_on_a_batch_boundary  three more messages at the timestamp where the newest batch begins
write_requests     the requests the emulator counted that were not GET or HEAD, per route
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import pytest
from starlette.applications import Starlette

from crisp_tui.config import Settings
from crisp_tui.emulator import Emulator, EmulatorServer, EmulatorSettings, FakeClock, create_app

FIXED_NOW_MS = 1_750_000_000_000  # 2025-06-15T15:06:40Z
HOST = "127.0.0.1"


@pytest.fixture
def emulator_settings() -> EmulatorSettings:
    return EmulatorSettings(seed=1234, clock=FakeClock(FIXED_NOW_MS))


@pytest.fixture
def emulator_app(emulator_settings: EmulatorSettings) -> Starlette:
    return create_app(emulator_settings)


_usual_port = 0
_stopping: threading.Thread | None = None


@contextmanager
def served(settings: EmulatorSettings) -> Iterator[EmulatorServer]:
    """`settings` served on loopback, at the port this process served the last one on if it is
    free: a seeded world links its attachments to the address it is served at, so at the same
    address the emulator copies the world it seeded before (~0.1 s) instead of seeding it again
    (~0.5 s). A server stops in the background (uvicorn takes ~0.2 s): the next one builds its
    world meanwhile and waits for the port only then."""
    global _usual_port, _stopping
    app = None
    if _usual_port:
        app = create_app(dataclasses.replace(settings, public_url=f"http://{HOST}:{_usual_port}"))
    if _stopping is not None:
        _stopping.join()
        _stopping = None
    try:
        server = EmulatorServer(app=app, port=_usual_port) if app else EmulatorServer(settings)
    except OSError:  # taken (a server still running, another process): any free port
        server = EmulatorServer(settings)
    _usual_port = server.port
    server.start()
    try:
        yield server
    finally:
        _stopping = threading.Thread(target=server.stop, name="emulator-stop", daemon=True)
        _stopping.start()


@pytest.fixture
def emulator_server(emulator_settings: EmulatorSettings) -> Iterator[EmulatorServer]:
    with served(emulator_settings) as server:
        yield server


@pytest.fixture
def emulator_http(emulator_server: EmulatorServer) -> Iterator[httpx.Client]:
    settings = emulator_server.settings
    with httpx.Client(
        base_url=emulator_server.base_url,
        timeout=5,
        auth=(settings.token_id, settings.token_key),
        headers={"X-Crisp-Tier": settings.tier},
    ) as client:
        yield client


@asynccontextmanager
async def rest_client(emulator_app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """Crisp's REST API on the in-process emulator with its token, as a chatbox or a colleague's
    dashboard reaches it (what they write also goes out as live events)."""
    settings = emulator_app.state.emulator.settings
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=emulator_app),
        base_url="http://emulator.invalid/v1",
        auth=(settings.token_id, settings.token_key),
        headers={"X-Crisp-Tier": settings.tier},
    ) as client:
        yield client


def visitor_writes(
    emulator: Emulator, session_id: str, text: str, *, fingerprint: int, after_ms: int = 1000
) -> None:
    """The visitor of `session_id` sends `text`, `after_ms` after the emulator's now."""
    emulator.world.append(
        session_id,
        {
            "session_id": session_id,
            "type": "text",
            "from": "user",
            "origin": "chat",
            "content": text,
            "fingerprint": fingerprint,
            "timestamp": emulator.clock.now_ms() + after_ms,
        },
    )


def agent_replied(emulator: Emulator, session_id: str, text: str) -> int:
    """A reply of the agent's (sent with this token, no `user_id`) appended now; its fingerprint."""
    now = emulator.clock.now_ms()
    stored = emulator.world.append(
        session_id,
        {
            "session_id": session_id,
            "type": "text",
            "from": "operator",
            "origin": "chat",
            "content": text,
            "fingerprint": emulator.world.new_fingerprint(now),
            "timestamp": now,
            "user": {"nickname": "Support"},
        },
    )
    return int(stored["fingerprint"])


def longest_session(emulator: Emulator, at_least: int = 200) -> str:
    """The session with the longest history (at least `at_least` messages)."""
    sizes = {sid: len(msgs) for sid, msgs in emulator.world.messages.items()}
    session_id = max(sizes, key=sizes.__getitem__)
    assert sizes[session_id] >= at_least
    return session_id


def tie_on_a_batch_boundary(
    emulator: Emulator, session_id: str, batch: int = 40
) -> tuple[int, list[int]]:
    """Three operator messages posted at the timestamp of the oldest message of the newest batch
    (Crisp honours a posted `timestamp`): the boundary now falls inside a tie."""
    history = emulator.world.messages[session_id]
    at = history[-batch]["timestamp"]
    for n in range(3):
        emulator.world.append(
            session_id,
            {
                **history[-1],
                "type": "note",
                "content": f"tie {n}",
                "timestamp": at,
                "fingerprint": at * 100 + 50 + n,
            },
        )
    tied = [m["fingerprint"] for m in emulator.world.messages[session_id] if m["timestamp"] == at]
    assert len(tied) == 4
    return at, tied


def write_requests(emulator: Emulator) -> dict[str, int]:
    """Every request the emulator saw that could change something (not GET or HEAD), by route."""
    counted = emulator.stats.to_dict()["requests"]
    return {route: n for route, n in counted.items() if not route.startswith(("GET ", "HEAD "))}


def settings_for(server: EmulatorServer, **overrides: object) -> Settings:
    """The app's settings for `server`: its credentials and base URL, plus `overrides`."""
    config = server.settings
    return Settings(
        website_id=config.website_id,
        token_id=config.token_id,
        token_key=config.token_key,
        api_url=server.base_url,
        **overrides,  # type: ignore[arg-type]
    )
