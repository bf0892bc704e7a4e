"""Times for people: local wall-clock times (TZ is respected) and short durations."""

from __future__ import annotations

from datetime import datetime, timezone


def _local(ms: int | None) -> datetime | None:
    """The local time of a millisecond timestamp; None when unknown or not a date (a payload
    can say year 10000 or before year 1, which datetime cannot hold)."""
    if not ms:
        return None
    try:
        return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone()
    except (OverflowError, OSError, ValueError):
        return None


def local_time(ms: int | None) -> str:
    """`2024-03-05 14:05` in the local time zone; "" when unknown."""
    when = _local(ms)
    return when.strftime("%Y-%m-%d %H:%M") if when else ""


def short_time(ms: int | None, now_ms: int) -> str:
    """A local time for a table cell: `14:05` today, `Mar 05 14:05` this year, else the date."""
    when, now = _local(ms), _local(now_ms)
    if when is None or now is None:
        return ""
    if when.date() == now.date():
        return when.strftime("%H:%M")
    return when.strftime("%b %d %H:%M" if when.year == now.year else "%Y-%m-%d")


def duration(ms: int) -> str:
    """A short duration: `45s`, `12m`, `3h05m`, `2d04h`."""
    seconds = max(0, ms // 1000)
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if days:
        return f"{days}d{hours % 24:02d}h"
    if hours:
        return f"{hours}h{minutes % 60:02d}m"
    if minutes:
        return f"{minutes}m"
    return f"{seconds}s"


def since(ms: int | None, now_ms: int) -> str:
    """How long ago `ms` was, or "" when unknown."""
    return duration(now_ms - ms) if ms else ""
