"""Autouse isolation: no real credentials, no real config/data dirs, a fixed terminal."""

from __future__ import annotations

import pytest

_CRISP_VARS = (
    "CRISP_WEBSITE_ID",
    "CRISP_TOKEN_ID",
    "CRISP_TOKEN_KEY",
    "CRISP_TIER",
    "CRISP_API_URL",
    "CRISP_OPERATOR_ID",
    "CRISP_TUI_CONFIG",
    "CRISP_PROFILE",
)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    for name in _CRISP_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        path = tmp_path / "xdg" / sub
        path.mkdir(parents=True)
        monkeypatch.setenv(name, str(path))
    # No test reads or writes the real system keyring; tests/support/key_store.py sets one up.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.delenv("CRISP_TOKEN_KEY_COMMAND", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LINES", "40")
    yield
