"""Settings: flag > environment > config file > defaults, and what a bad file or value says."""

from __future__ import annotations

import os
import stat

import pytest

from crisp_tui.config import config_file_path, load_settings, save_setting
from crisp_tui.crisp.errors import MissingCredentialsError


def write_config(text: str, mode: int = 0o600):
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_flag_beats_environment_beats_file(monkeypatch):
    write_config('website_id = "from-file"\ntier = "website"\npoll_idle_seconds = 30\n')
    assert load_settings().website_id == "from-file"
    monkeypatch.setenv("CRISP_WEBSITE_ID", "from-env")
    settings = load_settings()
    assert (settings.website_id, settings.tier, settings.poll_idle_seconds) == (
        "from-env",
        "website",
        30.0,
    )
    assert load_settings({"website_id": "from-flag"}).website_id == "from-flag"


def test_missing_credentials_name_the_variable(monkeypatch):
    monkeypatch.setenv("CRISP_WEBSITE_ID", "w")
    monkeypatch.setenv("CRISP_TOKEN_ID", "i")
    with pytest.raises(MissingCredentialsError, match="CRISP_TOKEN_KEY"):
        load_settings().credentials()
    monkeypatch.setenv("CRISP_TOKEN_KEY", "k")
    monkeypatch.setenv("CRISP_TIER", "user")
    with pytest.raises(MissingCredentialsError, match="CRISP_TIER"):
        load_settings().credentials()


def test_a_bad_number_names_the_setting(monkeypatch):
    monkeypatch.setenv("CRISP_TUI_POLL_ACTIVE_SECONDS", "soon")
    with pytest.raises(ValueError, match="poll_active_seconds"):
        load_settings()


def test_a_broken_file_is_ignored_with_a_warning():
    path = write_config("website_id = ")
    settings = load_settings()
    assert settings.website_id == ""
    assert str(path) in settings.warnings[0]


def test_a_key_readable_by_others_is_warned_about():
    write_config('token_key = "secret-key-value"\n', mode=0o644)
    [warning] = load_settings().warnings
    assert "chmod 600" in warning and "secret-key-value" not in warning


def test_keymap_table_and_a_bad_one():
    write_config('[keymap]\nresolve = "E"\n')
    assert load_settings().keymap == {"resolve": "E"}
    write_config("keymap = 3\n")
    settings = load_settings()
    assert settings.keymap == {}
    assert "[keymap]" in settings.warnings[0]


def test_save_setting_keeps_others_and_makes_the_file_private():
    write_config('website_id = "w"\n', mode=0o644)
    path = save_setting("operator_id", "op-1")
    settings = load_settings()
    assert (settings.website_id, settings.operator_id) == ("w", "op-1")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("url", ["http://[::1", "ftp://host/v1", "not a url", "http://h:99999/v1"])
def test_a_malformed_api_url_is_refused_with_one_sentence(monkeypatch, url):
    monkeypatch.setenv("CRISP_API_URL", url)
    with pytest.raises(ValueError, match="api_url must be an http"):
        load_settings()


def test_loopback_and_https_api_urls_are_accepted(monkeypatch):
    for url in ("http://127.0.0.1:8787/v1", "https://api.crisp.chat/v1"):
        monkeypatch.setenv("CRISP_API_URL", url)
        assert load_settings().api_url == url


def test_save_setting_never_overwrites_a_file_it_cannot_read():
    path = write_config('website_id = "w"\nbroken = [\n', mode=0o600)
    with pytest.raises(ValueError, match="Ignored the config file"):
        save_setting("operator_id", "op-1")
    assert "broken" in path.read_text()


def test_plain_http_is_refused_off_this_machine(monkeypatch):
    monkeypatch.setenv("CRISP_API_URL", "http://api.crisp.chat/v1")
    with pytest.raises(ValueError, match="must use https"):
        load_settings()
    for url in ("http://localhost:8787/v1", "http://[::1]:8787/v1"):
        monkeypatch.setenv("CRISP_API_URL", url)
        assert load_settings().api_url == url
