"""Fixtures for the app tests: the real app on the in-process emulator, no polling timer.

Polls happen when a test calls `inbox.reconcile()`, so every test is deterministic.
`make_app(store_path=…)` puts the store elsewhere (where the commands find it, say).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from starlette.applications import Starlette

from crisp_tui.config import Settings
from crisp_tui.emulator import DEMO_TOKEN_ID, DEMO_TOKEN_KEY, DEMO_WEBSITE_ID, Emulator
from crisp_tui.tui.app import CrispApp, create_app

SIZE = (120, 40)


@pytest.fixture
def emulator(emulator_app: Starlette) -> Emulator:
    return emulator_app.state.emulator


@pytest.fixture
def me(emulator: Emulator) -> str:
    return emulator.world.operators[0]["details"]["user_id"]


@pytest.fixture
def make_app(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> Callable[..., CrispApp]:
    def make(**overrides: object) -> CrispApp:
        values: dict[str, object] = {
            "website_id": DEMO_WEBSITE_ID,
            "token_id": DEMO_TOKEN_ID,
            "token_key": DEMO_TOKEN_KEY,
            "api_url": "http://emulator.invalid/v1",
            "operator_id": me,
            "theme": "textual-dark",
        }
        store_path = overrides.pop("store_path", tmp_path / "store.sqlite3")
        values.update(overrides)
        return create_app(
            Settings(**values),  # type: ignore[arg-type]
            transport=httpx.ASGITransport(app=emulator_app),
            store_path=store_path,  # type: ignore[arg-type]
            clock=lambda: emulator.clock.now_ms() / 1000,
            poll=False,
        )

    return make
