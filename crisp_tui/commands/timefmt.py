"""Times for people: local wall-clock times (TZ is respected) and short durations."""

from __future__ import annotations

from datetime import datetime, timezone


def _local(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone()


def local_time(ms: int | None) -> str:
    """`2024-03-05 14:05` in the local time zone; "" when unknown."""
    return _local(ms).strftime("%Y-%m-%d %H:%M") if ms else ""


def short_time(ms: int | None, now_ms: int) -> str:
    """A local time for a table cell: `14:05` today, `Mar 05 14:05` this year, else the date."""
    if not ms:
        return ""
    when, now = _local(ms), _local(now_ms)
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
