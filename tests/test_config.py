"""Settings: flag > environment > config file > defaults, and what a bad file or value says."""

from __future__ import annotations

import os
import stat

import pytest

from crisp_tui.config import Settings, config_file_path, load_settings, save_setting
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
    with pytest.raises(ValueError, match="CRISP_TIER must be plugin or website"):
        load_settings()


def test_a_bad_number_names_the_setting(monkeypatch):
    monkeypatch.setenv("CRISP_TUI_POLL_ACTIVE_SECONDS", "soon")
    with pytest.raises(ValueError, match="CRISP_TUI_POLL_ACTIVE_SECONDS must be a number"):
        load_settings()


def test_a_broken_file_is_ignored_with_a_warning():
    path = write_config("website_id = ")
    settings = load_settings()
    assert settings.website_id == ""
    assert str(path) in settings.warnings[0]


def test_a_file_holding_the_key_is_made_private_and_the_agent_told():
    path = write_config('token_key = "secret-key-value"\n', mode=0o644)
    [warning] = load_settings().warnings
    assert "made it 0600" in warning and "secret-key-value" not in warning
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_settings().warnings == ()


def test_keymap_table_and_a_bad_one():
    write_config('[keymap]\nresolve = "E"\n')
    assert load_settings().keymap == {"resolve": "E"}
    write_config("keymap = 3\n")
    settings = load_settings()
    assert settings.keymap == {}
    assert "[keymap]" in settings.warnings[0]


def test_an_unquoted_dotted_keymap_id_is_read_as_meant_and_bad_entries_alone_are_dropped():
    # TOML reads `filter.open = "O"` as a table {"filter": {"open": "O"}}: the whole keymap used
    # to be dropped for it.
    write_config('[keymap]\nfilter.open = "O"\nresolve = "E"\npending = 3\nreply = {}\n')
    settings = load_settings()
    assert settings.keymap == {"filter.open": "O", "resolve": "E"}
    assert len(settings.warnings) == 2
    assert "'pending'" in settings.warnings[0] and "'reply'" in settings.warnings[1]


def test_save_setting_keeps_others_and_makes_the_file_private():
    write_config('website_id = "w"\n', mode=0o644)
    path = save_setting("operator_id", "op-1")
    settings = load_settings()
    assert (settings.website_id, settings.operator_id) == ("w", "op-1")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("url", ["http://[::1", "ftp://host/v1", "not a url", "http://h:99999/v1"])
def test_a_malformed_api_url_is_refused_with_one_sentence(monkeypatch, url):
    monkeypatch.setenv("CRISP_API_URL", url)
    with pytest.raises(ValueError, match="CRISP_API_URL must be an http"):
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
    with pytest.raises(ValueError, match="CRISP_API_URL must use https"):
        load_settings()
    for url in ("http://localhost:8787/v1", "http://[::1]:8787/v1"):
        monkeypatch.setenv("CRISP_API_URL", url)
        assert load_settings().api_url == url


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("cache_max_conversations = inf", "cache_max_conversations"),
        ("cache_max_conversations = 1e400", "cache_max_conversations"),
        ("cache_max_conversations = 2.5", "a whole number"),
        ("poll_idle_seconds = nan", "poll_idle_seconds"),
        ("daily_request_budget = true", "daily_request_budget"),
        ('bell_on_new_message = "maybe"', "must be true or false, not 'maybe'"),
        ('website_id = { id = "w" }', "website_id"),
        ('tier = "user"', "must be plugin or website"),
        ('operator_id = "op\\u0007"', "control character"),
        ("poll_interval = 5", "unknown setting 'poll_interval'"),
    ],
)
def test_each_bad_file_entry_is_ignored_with_one_warning_naming_it(entry, says):
    path = write_config(f'{entry}\ntheme = "nord"\n')
    settings = load_settings()
    [warning] = settings.warnings
    assert says in warning and str(path) in warning
    assert settings.theme == "nord"  # the rest of the file still applies
    defaults = Settings()
    name = entry.split(" ")[0]
    if hasattr(defaults, name):
        assert getattr(settings, name) == getattr(defaults, name)


def test_an_unknown_setting_suggests_the_close_one():
    write_config("bell_on_new_mesage = false\n")
    [warning] = load_settings().warnings
    assert "did you mean `bell_on_new_message`?" in warning


def test_whole_numbers_may_be_written_as_floats_and_booleans_as_words(monkeypatch):
    write_config("cache_max_conversations = 2e4\nmark_read_on_open = false\n")
    monkeypatch.setenv("CRISP_TUI_BELL_ON_NEW_MESSAGE", "off")
    settings = load_settings()
    assert settings.cache_max_conversations == 20000
    assert (settings.mark_read_on_open, settings.bell_on_new_message) == (False, False)
    assert settings.warnings == ()


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("CRISP_TUI_CACHE_MAX_CONVERSATIONS", "1e400", "must be a whole number"),
        ("CRISP_TUI_TOAST_ON_NEW_MESSAGE", "maybe", "must be true or false"),
        ("CRISP_API_URL", "http://127.0.0.1:8787/v1\n", "control character"),
        ("CRISP_WEBSITE_ID", "site\udcff", "not UTF-8"),
        ("CRISP_TOKEN_KEY", "secret\udcff", "not UTF-8"),
    ],
)
def test_a_bad_environment_value_stops_with_a_sentence_naming_the_variable(
    monkeypatch, variable, value, says
):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=f"^{variable} .*{says}") as raised:
        load_settings()
    assert "secret" not in str(raised.value)


def test_a_bad_api_url_in_the_file_stops_rather_than_falling_back():
    path = write_config('api_url = "http://api.crisp.chat/v1"\n')
    with pytest.raises(ValueError, match=f"api_url in {path} must use https"):
        load_settings()


def test_a_directory_as_the_config_file_is_ignored_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("CRISP_TUI_CONFIG", str(tmp_path))
    [warning] = load_settings().warnings
    assert str(tmp_path) in warning and "not a file" in warning


def test_notification_settings_from_the_file_and_the_environment(monkeypatch):
    write_config(
        'desktop_notify = "command"\nnotify_for = "mentions"\n'
        'notify_command = ["notify-send", "{title}", "{body}"]\n'
    )
    settings = load_settings()
    assert settings.warnings == ()
    assert (settings.desktop_notify, settings.notify_for) == ("command", "mentions")
    assert settings.notify_command == ("notify-send", "{title}", "{body}")
    monkeypatch.setenv("CRISP_TUI_NOTIFY_COMMAND", "my-notify --urgent '{title}'")
    assert load_settings().notify_command == ("my-notify", "--urgent", "{title}")


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ('desktop_notify = "popup"', "must be one of off, osc9, osc777 or command, not 'popup'"),
        ('notify_for = "me"', "must be one of all, mine, mentions or mine_or_mentions"),
        ('notify_command = "notify-send \'unclosed"', "with matching quotes"),
        ("notify_command = [1, 2]", "must be a list of strings"),
    ],
)
def test_a_bad_notification_setting_is_one_sentence(entry, says):
    [warning] = write_config(entry) and load_settings().warnings
    assert says in warning and warning.count(".") <= 3


def test_a_profile_overrides_the_top_level_and_the_environment_and_flags_override_it(
    monkeypatch,
):
    write_config(
        'website_id = "top"\ntheme = "nord"\n'
        '[profiles.acme]\nwebsite_id = "acme-site"\noperator_id = "op-acme"\n'
        '[profiles.beta]\nwebsite_id = "beta-site"\npoll_idle_seconds = "soon"\n'
    )
    top = load_settings()
    assert (top.website_id, top.profile, top.profiles) == ("top", "", ("acme", "beta"))
    monkeypatch.setenv("CRISP_WEBSITE_ID", "from-env")
    acme = load_settings(profile="acme")
    assert (acme.website_id, acme.operator_id, acme.theme) == ("acme-site", "op-acme", "nord")
    assert load_settings({"website_id": "flag"}, profile="acme").website_id == "flag"
    monkeypatch.setenv("CRISP_PROFILE", "beta")
    beta = load_settings()
    assert (beta.profile, beta.website_id) == ("beta", "beta-site")
    [warning] = beta.warnings
    assert "poll_idle_seconds in [profiles.beta] of" in warning


def test_an_unknown_profile_names_the_valid_ones():
    from crisp_tui.config import ProfileError

    with pytest.raises(ProfileError, match="defines none"):
        load_settings(profile="acme")
    write_config('[profiles.acme]\nwebsite_id = "a"\n[profiles.b]\nwebsite_id = "b"\n')
    with pytest.raises(ProfileError) as raised:
        load_settings(profile="nope")
    assert str(raised.value).endswith("defines 'acme', 'b'.")


def test_a_profile_naming_its_token_takes_its_key_from_its_own_sources(monkeypatch):
    monkeypatch.setenv("CRISP_TOKEN_KEY", "top-key")
    write_config(
        'token_id = "top"\ntoken_key_command = "pass top"\n'
        '[profiles.own]\ntoken_id = "own"\n'
        '[profiles.shared]\nwebsite_id = "w"\n'
        '[profiles.keyed]\ntoken_id = "k"\ntoken_key = "k-key"\n'
    )
    own = load_settings(profile="own")
    assert (own.token_id, own.token_key, own.token_key_command) == ("own", "", "")
    shared = load_settings(profile="shared")
    assert (shared.token_id, shared.token_key) == ("top", "top-key")
    assert load_settings(profile="keyed").token_key == "k-key"
    assert os.stat(config_file_path()).st_mode & 0o077 == 0  # a key in a profile: kept private
