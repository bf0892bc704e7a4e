"""Shortcuts for the emulator tests (the fixtures themselves live in tests/support/emulator.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from crisp_tui.emulator import Emulator, EmulatorServer
from crisp_tui.emulator.world import World


@pytest.fixture
def emulator(emulator_server: EmulatorServer) -> Emulator:
    return emulator_server.emulator


@pytest.fixture
def world(emulator: Emulator) -> World:
    return emulator.world


@pytest.fixture
def site(emulator_server: EmulatorServer) -> str:
    return f"/website/{emulator_server.settings.website_id}"


def data(response: httpx.Response) -> Any:
    body = response.json()
    assert set(body) == {"error", "reason", "data"}
    assert body["error"] is (response.status_code >= 400)
    return body["data"]


def reason(response: httpx.Response) -> str:
    """The error's reason; like Crisp, only a validation error says more than `data: {}`."""
    body = response.json()
    assert body["error"] is True
    if body["reason"] == "invalid_data":
        assert isinstance(body["data"]["message"], str)
    else:
        assert body["data"] == {}
    return body["reason"]


def sessions(response: httpx.Response) -> list[str]:
    return [c["session_id"] for c in data(response)]
