"""What each setting accepts: a value from the config file, the environment or a flag becomes the
setting's type, or ValueError with the end of a sentence saying what is wrong ("must be …").

Secrets and ids are never quoted back; other values are, cleaned and cut short.
"""

from __future__ import annotations

import ipaddress
import math
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .crisp.credentials import DEFAULT_API_URL
from .untrusted import clean

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class NumberRule:
    low: float
    high: float
    whole: bool


NUMBERS: Mapping[str, NumberRule] = {
    "poll_active_seconds": NumberRule(0.1, 86_400, whole=False),
    "poll_idle_seconds": NumberRule(0.1, 86_400, whole=False),
    "daily_request_budget": NumberRule(1, 10_000_000, whole=True),
    "cache_max_conversations": NumberRule(1, 10_000_000, whole=True),
}
CHOICES: Mapping[str, tuple[str, ...]] = {
    "tier": ("plugin", "website"),
    "desktop_notify": ("off", "osc9", "osc777", "command"),
    "notify_for": ("all", "mine", "mentions", "mine_or_mentions"),
}


def shown(value: object) -> str:
    """A value quoted back in a warning: terminal-safe and short (a number as TOML spells it:
    `inf`, `nan`, not JSON's Infinity)."""
    text = repr(value) if isinstance(value, float) else value
    return repr(clean(text, max_chars=40, single_line=True))


def parse(name: str, value: Any, default: Any) -> Any:
    """`value` as setting `name` (whose default is `default`) holds it; ValueError("must be …")
    when it cannot be."""
    if isinstance(default, bool):
        return _boolean(value)
    if isinstance(default, (int, float)):
        return _number(NUMBERS[name], value)
    if isinstance(default, tuple):
        return _argv(value)
    if not isinstance(value, str):
        raise ValueError(f"must be a quoted string, not a {_toml_type(value)}")
    # Text goes into URL paths and HTTP headers. A byte that is not UTF-8 arrives from argv or the
    # environment as a lone surrogate, which is not printable either.
    if not value.isprintable():
        raise ValueError(
            "contains a control character (a trailing newline?) or a byte that is not UTF-8 text"
        )
    if name == "api_url":
        return checked_api_url(value)
    if name in CHOICES and value not in CHOICES[name]:
        *others, last = CHOICES[name]
        listed = f"{'one of ' if len(others) > 1 else ''}{', '.join(others)} or {last}"
        raise ValueError(f"must be {listed}, not {shown(value)}")
    return value


def _number(rule: NumberRule, value: Any) -> int | float:
    kind = "a whole number" if rule.whole else "a number"
    limits = f"{kind} from {_figure(rule.low)} to {_figure(rule.high)}"
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not rule.low <= number <= rule.high:
        raise ValueError(f"must be {limits}, not {shown(value)}")
    if rule.whole:
        if not number.is_integer():
            raise ValueError(f"must be {limits}, not {shown(value)}")
        return int(number)
    return number


def _argv(value: Any) -> tuple[str, ...]:
    """A program and its arguments: a TOML list of strings, or one string split as a shell would
    (from the environment or a flag); run without a shell."""
    if isinstance(value, str):
        try:
            value = shlex.split(value)
        except ValueError:
            raise ValueError("must be a command line with matching quotes") from None
    if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
        raise ValueError('must be a list of strings such as ["notify-send", "{title}", "{body}"]')
    if not all(part.isprintable() for part in value):
        raise ValueError("contains a control character or a byte that is not UTF-8 text")
    return tuple(value)


def _figure(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in (*_TRUE, *_FALSE):
        return value.strip().lower() in _TRUE
    raise ValueError(f"must be true or false, not {shown(value)}")


def _toml_type(value: Any) -> str:
    if isinstance(value, Mapping):
        return "table"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, (int, float)) else type(value).__name__


def checked_api_url(value: str) -> str:
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
            f"must be an http(s) address such as {DEFAULT_API_URL}, not {shown(value[:60])}"
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname or ""):
        raise ValueError(
            "must use https unless it is on this machine (a local emulator): the token "
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
