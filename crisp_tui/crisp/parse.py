"""Lenient readers for JSON values: a wrong type or missing key gives a default, never raises."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# JSON may carry lone surrogates ("\\ud800"): no encoder (UTF-8 output, SQLite) accepts them.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_str(value: Any, default: str = "") -> str:
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return default


def as_opt_str(value: Any) -> str | None:
    """A string, or None for absent, null and "" (Crisp sends "" where it means "not set")."""
    text = as_str(value)
    return text or None


def as_opt_int(value: Any) -> int | None:
    """An integer, or None when absent or not one. Crisp's numbers are int64 (fingerprints,
    millisecond times): anything outside that range is junk, and SQLite could not store it."""
    if isinstance(value, bool):
        return int(value)
    number: int | None = None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value == value and abs(value) < 2**63:
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            return None
    return number if number is not None and -(2**63) <= number < 2**63 else None


def as_int(value: Any, default: int = 0) -> int:
    number = as_opt_int(value)
    return default if number is None else number


def as_bool(value: Any) -> bool:
    """Crisp sends booleans, but some flags (read, delivered) are origin strings like "chat"."""
    if isinstance(value, str):
        return value not in ("", "0", "false")
    return bool(value) if isinstance(value, (bool, int, float)) else False


def as_str_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(text for item in value if (text := as_str(item)))


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
