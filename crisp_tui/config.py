"""Settings: command-line flags > environment > TOML config file > defaults.

The config file lives in the platformdirs config dir (`crisp-tui locate` prints it), or wherever
`CRISP_TUI_CONFIG` points. Credentials are secrets: they are read here and handed to the client,
and never printed, logged or written anywhere else.
"""

from __future__ import annotations

import difflib
import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import platformdirs

from .config_values import parse, shown
from .crisp.credentials import DEFAULT_API_URL, Credentials
from .crisp.errors import MissingCredentialsError
from .untrusted import clean
from .view_spec import BUILTIN_NAMES, ViewSpec, saved_views

APP_NAME = "crisp-tui"
__all__ = ["DEFAULT_API_URL", "Credentials", "Settings", "load_settings"]


# Setting name → environment variable. The name is also the key in the config file.
ENV_VARS: Mapping[str, str] = {
    "website_id": "CRISP_WEBSITE_ID",
    "token_id": "CRISP_TOKEN_ID",
    "token_key": "CRISP_TOKEN_KEY",
    "token_key_command": "CRISP_TOKEN_KEY_COMMAND",
    "tier": "CRISP_TIER",
    "api_url": "CRISP_API_URL",
    "operator_id": "CRISP_OPERATOR_ID",
}


@dataclass(frozen=True)
class Settings:
    website_id: str = ""
    token_id: str = ""
    token_key: str = field(default="", repr=False)
    # Run (without a shell) for the key when none is set; else the system keyring is asked.
    token_key_command: str = ""
    tier: str = "plugin"
    api_url: str = DEFAULT_API_URL
    operator_id: str = ""
    # Polling (DESIGN §5): seconds between ticks while active / idle, and the daily request budget.
    poll_active_seconds: float = 10.0
    poll_idle_seconds: float = 60.0
    daily_request_budget: int = 5000
    # Crisp's real-time socket (RTM); off = polling only.
    live_updates: bool = True
    cache_max_conversations: int = 20000
    mark_read_on_open: bool = True
    # Nothing that changes Crisp is sent: the transport refuses every method but GET and HEAD.
    read_only: bool = False
    bell_on_new_message: bool = True
    toast_on_new_message: bool = True
    # The terminal's title shows the unread and waiting counts (OSC 2).
    terminal_title: bool = True
    # A desktop notification when a visitor writes: "off", "osc9" or "osc777" (written to the
    # terminal), or "command" (runs `notify_command`, an argv list, without a shell).
    desktop_notify: str = "off"
    notify_command: tuple[str, ...] = ()
    # Which conversations notify: "all", "mine", "mentions" or "mine_or_mentions".
    notify_for: str = "all"
    # No desktop notification for the conversation open on screen while the terminal is focused.
    notify_quiet_when_open: bool = True
    theme: str = ""
    # Where saved attachments go; empty = the platform's downloads directory (platformdirs).
    download_dir: str = ""
    # The canned replies file (`crisp_tui/snippets/`); "" = snippets.toml in the config directory.
    snippets_file: str = ""
    # Binding id (as the help screen lists them, e.g. "resolve") → keys, from the [keymap] table.
    keymap: Mapping[str, str] = field(default_factory=dict)
    # The [profiles.NAME] table in effect ("" = the top-level settings), and every name defined.
    profile: str = ""
    profiles: tuple[str, ...] = ()
    # Views saved in the config file ([[views]] or [views.NAME]), shown after the built-in tabs.
    views: tuple[ViewSpec, ...] = ()
    config_path: Path | None = field(default=None, compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def credentials(self) -> Credentials:
        """The credentials, or MissingCredentialsError naming the first missing variable. The
        key comes from the settings, else `token_key_command`, else the system keyring."""
        for name in ("website_id", "token_id"):
            if not getattr(self, name):
                raise MissingCredentialsError(
                    f'{ENV_VARS[name]} is not set: export it, or put `{name} = "…"` in '
                    f"{self.config_path or config_file_path()}."
                )
        token_key = self.token_key or self._token_key_from_sources()
        return Credentials(self.website_id, self.token_id, token_key, self.tier)

    def _token_key_from_sources(self) -> str:
        from .key_sources import KEYRING_SERVICE, key_from_command, key_from_keyring

        if self.token_key_command:
            return key_from_command(self.token_key_command)
        key = key_from_keyring(self.token_id)
        if not key:
            raise MissingCredentialsError(
                'CRISP_TOKEN_KEY is not set: export it, put `token_key_command = "…"` (or '
                f'`token_key = "…"`) in {self.config_path or config_file_path()}, or store it '
                f"in the system keyring with `keyring set {KEYRING_SERVICE} <token id>`."
            )
        return key


SECRET_VARIABLES = (ENV_VARS["token_id"], ENV_VARS["token_key"])


def child_environment() -> dict[str, str]:
    """The environment for a program crisp-tui starts: ours, without the token."""
    return {name: value for name, value in os.environ.items() if name not in SECRET_VARIABLES}


def forget_secret_environment() -> None:
    """Remove the token from this process's environment once the settings hold it.

    Every program the app starts inherits the environment: `$EDITOR`, the browser `webbrowser`
    picks (through xdg-open, which starts yet another process), anything a library runs. A
    `child_environment()` at each call we write would miss the starts we do not write, so the
    app takes the variables out of the one place all of them copy.
    """
    for name in SECRET_VARIABLES:
        os.environ.pop(name, None)


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def error_log_path() -> Path:
    """Where the app keeps Crisp's full answer to each error (inbox/error_log.py)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)) / "errors.log"


def config_file_path() -> Path:
    override = os.environ.get("CRISP_TUI_CONFIG")
    return Path(override) if override else config_dir() / "config.toml"


def _read_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    if not path.exists():
        return {}, []
    if not path.is_file():
        return {}, [f"Ignored the config file {path}: it is not a file (a directory?)."]
    # Imported only when there is a file to read, like tomli_w: most starts have none.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        return {}, [f"Ignored the config file {path} ({error}): fix or remove it."]
    except (OSError, UnicodeDecodeError) as error:
        reason = type(error).__name__
        return {}, [f"Ignored the config file {path} ({reason}): fix or remove it."]
    return data, _keep_private(path) if _holds_a_key(data) else []


def _holds_a_key(data: Mapping[str, Any]) -> bool:
    profiles = data.get("profiles")
    tables = profiles.values() if isinstance(profiles, Mapping) else ()
    return bool(data.get("token_key")) or any(
        isinstance(table, Mapping) and table.get("token_key") for table in tables
    )


def _keep_private(path: Path) -> list[str]:
    """A file holding the token key is made readable by its owner only (as `save_setting`
    creates it); when that is not possible, say how."""
    if not stat.S_IMODE(path.stat().st_mode) & (stat.S_IRWXG | stat.S_IRWXO):
        return []
    try:
        os.chmod(path, 0o600)
    except OSError:
        return [f"{path} holds the token key and is open to other users: run chmod 600 {path}."]
    return [f"{path} holds the token key and was open to other users: made it 0600."]


_DEFAULTS = {
    f.name: f.default
    for f in fields(Settings)
    if f.name not in ("config_path", "warnings", "keymap", "profile", "profiles", "views")
}
SETTING_NAMES = tuple(_DEFAULTS)


def _parse(name: str, value: Any) -> Any:
    return parse(name, value, _DEFAULTS[name])


def _from_file(
    values: Mapping[str, Any], path: Path, where: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """The file's valid settings, and a warning for each entry that is ignored. An api_url that
    is wrong stops everything instead: ignoring it would send the token somewhere else."""
    settings: dict[str, Any] = {}
    warnings: list[str] = []
    place = f"{where} of {path}" if where else str(path)
    for key, value in values.items():
        if key in ("keymap", "profiles", "views") and not where:
            continue
        if key not in SETTING_NAMES:
            close = difflib.get_close_matches(key, SETTING_NAMES, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            warnings.append(f"Ignored the unknown setting {shown(key)} in {place}{hint}.")
            continue
        try:
            settings[key] = _parse(key, value)
        except ValueError as error:
            if key == "api_url":
                raise ValueError(f"api_url in {place} {error}") from None
            warnings.append(f"Ignored {key} in {place}: it {error}.")
    return settings, warnings


def _from_environment() -> dict[str, Any]:
    """Settings from the environment; a wrong one stops with ValueError naming the variable."""
    settings: dict[str, Any] = {}
    for name in SETTING_NAMES:
        variable = ENV_VARS.get(name) or f"CRISP_TUI_{name.upper()}"
        value = os.environ.get(variable)
        if value:
            try:
                settings[name] = _parse(name, value)
            except ValueError as error:
                raise ValueError(f"{variable} {error}") from None
    return settings


PROFILE_VARIABLE = "CRISP_PROFILE"
# A profile that names its own token takes its key from its own sources only: never the key of
# another token (the environment's or the top level's).
_KEY_SOURCES = ("token_key", "token_key_command")


class ProfileError(ValueError):
    """No such profile in the config file; str() is one sentence naming those there are."""


def load_settings(
    overrides: Mapping[str, Any] | None = None, *, profile: str | None = None
) -> Settings:
    """The settings in effect; ValueError (one sentence) for a wrong environment variable or
    flag, warnings (in `Settings.warnings`) for each config file entry that was ignored.

    `profile` (else `CRISP_PROFILE`) picks a `[profiles.NAME]` table of the config file: its
    settings beat the environment and the top level (it is chosen like a flag); flags still win.
    ProfileError when there is no such table.
    """
    path = config_file_path()
    file_values, warnings = _read_file(path)
    values, problems = _from_file(file_values, path)
    values.update(_from_environment())
    tables, profile_problems = _profiles(file_values.get("profiles"), path)
    name = os.environ.get(PROFILE_VARIABLE, "") if profile is None else profile
    if name:
        if name not in tables:
            raise ProfileError(_unknown_profile(name, tables, path))
        chosen, chosen_problems = _from_file(tables[name], path, where=f"[profiles.{name}]")
        profile_problems += chosen_problems
        if "token_id" in chosen and not any(key in chosen for key in _KEY_SOURCES):
            for key in _KEY_SOURCES:
                values.pop(key, None)
        values.update(chosen)
    for setting, value in (overrides or {}).items():
        if value is not None:
            try:
                values[setting] = _parse(setting, value)
            except ValueError as error:
                raise ValueError(f"{setting} {error}") from None
    keymap, keymap_problems = _keymap(file_values.get("keymap"), path)
    views, view_problems = saved_views(file_values.get("views"), path, BUILTIN_NAMES)
    return Settings(
        **values,
        keymap=keymap,
        views=views,
        profile=name,
        profiles=tuple(tables),
        config_path=path,
        warnings=(*warnings, *problems, *profile_problems, *keymap_problems, *view_problems),
    )


def _profiles(table: Any, path: Path) -> tuple[dict[str, Mapping[str, Any]], list[str]]:
    """The [profiles.NAME] tables, by name; a warning for anything else under [profiles]."""
    if table is None:
        return {}, []
    if not isinstance(table, Mapping):
        return {}, [f"Ignored profiles in {path}: write each one as a [profiles.NAME] table."]
    tables: dict[str, Mapping[str, Any]] = {}
    warnings: list[str] = []
    for name, values in table.items():
        if isinstance(values, Mapping) and name.isprintable():
            tables[name] = values
        else:
            warnings.append(
                f"Ignored the profile {shown(name)} in {path}: it must be a [profiles.NAME] "
                "table of settings."
            )
    return tables, warnings


def _unknown_profile(name: str, tables: Mapping[str, Any], path: Path) -> str:
    if not tables:
        return (
            f"There is no profile {shown(name)}: {path} defines none (add a "
            f"[profiles.{clean(name, max_chars=40, single_line=True)}] table)."
        )
    return f"There is no profile {shown(name)}: {path} defines {', '.join(map(shown, tables))}."


def _keymap(table: Any, path: Path) -> tuple[dict[str, str], list[str]]:
    """The [keymap] entries that are a binding id and a key string. A dotted id written without
    quotes (`filter.open = "O"`) is a nested table in TOML, read here as it was meant. Which ids
    and keys the app accepts is checked by the app (`tui/keymap.py`)."""
    if table is None:
        return {}, []
    if not isinstance(table, Mapping):
        return {}, [f"Ignored keymap in {path}: it must be a [keymap] table of binding = key."]
    keymap: dict[str, str] = {}
    warnings: list[str] = []
    for name, value in _flattened(table):
        if isinstance(value, str):
            keymap[name] = value
        else:
            warnings.append(
                f"Ignored the keymap entry {shown(name)} in {path}: its keys must be a quoted "
                'string such as "ctrl+e".'
            )
    return keymap, warnings


def _flattened(table: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    entries: list[tuple[str, Any]] = []
    for name, value in table.items():
        if isinstance(value, Mapping) and value:
            entries.extend(_flattened(value, f"{prefix}{name}."))
        else:
            entries.append((f"{prefix}{name}", value))
    return entries


def save_setting(name: str, value: str) -> Path:
    """Write one setting to the config file, keeping the others; the file is made 0600 (an
    existing file too: it may be about to hold the token key)."""
    import tomli_w

    path = config_file_path()
    data, warnings = _read_file(path)
    if path.is_file() and not data and warnings:  # unreadable: writing would erase it
        raise ValueError(warnings[0])
    data[name] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # before a byte is written
    with os.fdopen(descriptor, "wb") as handle:
        tomli_w.dump(data, handle)
    return path
