"""Timestamps in the agent's local time (the process TZ) and human durations."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

# A day inside the calendar's ends, so any local offset stays representable.
_FIRST_MS = -62_135_596_800_000 + 86_400_000  # 0001-01-02 UTC
_LAST_MS = 253_402_300_800_000 - 86_400_000  # 9999-12-31 UTC


def local_time(ms: int) -> datetime:
    """A Crisp millisecond timestamp as an aware datetime in the local timezone. Junk beyond
    the calendar (a malformed payload) is clamped to its ends rather than crash the view."""
    ms = min(max(ms, _FIRST_MS), _LAST_MS)
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone()


def now_local(now: float) -> datetime:
    """`now` (seconds since the epoch, like `time.time()`) in the local timezone."""
    return local_time(int(now * 1000))


def clock_time(ms: int) -> str:
    """Local `HH:MM`."""
    return local_time(ms).strftime("%H:%M")


def day_label(ms: int, now: datetime) -> str:
    """`Today`, `Yesterday`, or `Tue 12 Mar 2024` for the local day of `ms`."""
    day = local_time(ms).date()
    today = now.date()
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return f"{day:%a} {day.day} {day:%b %Y}"


def media_duration(seconds: int) -> str:
    """Audio length as "m:ss" ("1:05"), or "h:mm:ss" past an hour."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02}:{secs:02}"
    return f"{minutes}:{secs:02}"


def elapsed(seconds: float) -> str:
    """A waiting duration to the minute: "just now", "12m", "2h 05m", "3d 4h"."""
    minutes = max(0, int(seconds)) // 60
    if minutes < 1:
        return "just now"
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes:02}m"
    return f"{minutes}m"


def visitor_local_time(offset_minutes: int, now: float) -> datetime | None:
    """The visitor's wall clock, or None for an impossible offset. Crisp sends the browser's
    offset: minutes *behind* UTC (UTC+2 is -120), as JavaScript's `getTimezoneOffset()` does."""
    if abs(offset_minutes) >= 24 * 60:
        return None
    return datetime.fromtimestamp(now, tz=timezone(-timedelta(minutes=offset_minutes)))


def utc_offset_label(offset_minutes: int) -> str:
    """`UTC+2`, `UTC-8`, `UTC+5:30` for a browser offset (see `visitor_local_time`)."""
    total = -offset_minutes
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02}" if minutes else "")
