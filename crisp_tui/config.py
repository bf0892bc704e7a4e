"""Settings: command-line flags > environment > TOML config file > defaults.

The config file lives in the platformdirs config dir (`crisp-tui locate` prints it), or wherever
`CRISP_TUI_CONFIG` points. Credentials are secrets: they are read here and handed to the client,
and never printed, logged or written anywhere else.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from .crisp.credentials import DEFAULT_API_URL, Credentials
from .crisp.errors import MissingCredentialsError

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
    cache_max_conversations: int = 20000
    mark_read_on_open: bool = True
    # Nothing that changes Crisp is sent: the transport refuses every method but GET and HEAD.
    read_only: bool = False
    bell_on_new_message: bool = True
    toast_on_new_message: bool = True
    theme: str = ""
    # Binding id (as the help screen lists them, e.g. "resolve") → keys, from the [keymap] table.
    keymap: Mapping[str, str] = field(default_factory=dict)
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
        if self.tier not in ("plugin", "website"):
            raise MissingCredentialsError(
                f"CRISP_TIER must be `plugin` or `website`, not {self.tier!r}."
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


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_file_path() -> Path:
    override = os.environ.get("CRISP_TUI_CONFIG")
    return Path(override) if override else config_dir() / "config.toml"


def _checked_api_url(value: str) -> str:
    """An http(s) address with a host (a typo would otherwise surface as an httpx traceback);
    plain http only on this machine, since every request carries the token key."""
    try:
        parts = urlsplit(value)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        valid = False
    if not valid:
        raise ValueError(
            f"api_url must be an http(s) address such as {DEFAULT_API_URL}, not {value[:60]!r}"
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        raise ValueError(
            "api_url must use https unless it is on this machine (a local emulator): the token "
            "key would cross the network in clear"
        )
    return value


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _coerce(name: str, value: Any) -> Any:
    """Convert a file or env value to the type of the setting's default."""
    if name == "api_url":
        return _checked_api_url(str(value))
    default = next(f.default for f in fields(Settings) if f.name == name)
    if isinstance(default, bool):
        if isinstance(value, str):
            return value.strip().lower() in ("1", "true", "yes", "on")
        return bool(value)
    if isinstance(default, (int, float)):
        try:
            return type(default)(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be a number, not {str(value)[:40]!r}") from None
    return str(value)


def _read_file(path: Path) -> tuple[dict[str, Any], list[str]]:
    if not path.is_file():
        return {}, []
    # Imported only when there is a file to read, like tomli_w: most starts have none.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    warnings: list[str] = []
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        reason = type(error).__name__
        return {}, [f"Ignored the config file {path} ({reason}): fix or remove it."]
    mode = path.stat().st_mode
    if data.get("token_key") and mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.append(
            f"{path} holds the token key and is readable by other users: run chmod 600 {path}."
        )
    return data, warnings


def load_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    path = config_file_path()
    file_values, warnings = _read_file(path)
    known = {f.name for f in fields(Settings)} - {"config_path", "warnings", "keymap"}
    values: dict[str, Any] = {}
    for name in known:
        if name in file_values:
            values[name] = file_values[name]
        env_name = ENV_VARS.get(name) or f"CRISP_TUI_{name.upper()}"
        if os.environ.get(env_name):
            values[name] = os.environ[env_name]
        if overrides and overrides.get(name) is not None:
            values[name] = overrides[name]
    settings = Settings(**{k: _coerce(k, v) for k, v in values.items()})
    keymap, problems = _keymap(file_values.get("keymap"), path)
    return replace(settings, keymap=keymap, config_path=path, warnings=(*warnings, *problems))


def _keymap(table: Any, path: Path) -> tuple[dict[str, str], list[str]]:
    if table is None:
        return {}, []
    if not isinstance(table, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        return {}, [f"Ignored [keymap] in {path}: it must map binding ids to key strings."]
    return dict(table), []


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
