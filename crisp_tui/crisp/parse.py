"""Lenient readers for JSON values: a wrong type or missing key gives a default, never raises."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_str(value: Any, default: str = "") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return default


def as_opt_str(value: Any) -> str | None:
    """A string, or None for absent, null and "" (Crisp sends "" where it means "not set")."""
    text = as_str(value)
    return text or None


def as_opt_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value == value and abs(value) < 2**63:
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


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
