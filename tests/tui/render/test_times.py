from __future__ import annotations

import time

import pytest

from crisp_tui.tui.render.times import (
    clock_time,
    day_label,
    elapsed,
    media_duration,
    now_local,
    utc_offset_label,
    visitor_local_time,
)

from .samples import NOW, at

TODAY = now_local(NOW)


def test_clock_time_is_local_hours_and_minutes() -> None:
    assert clock_time(at(0)) == "15:00"


def test_local_time_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        assert clock_time(at(0)) == "20:30"
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


@pytest.mark.parametrize(
    ("minutes_ago", "label"),
    [(0, "Today"), (15 * 60, "Today"), (15 * 60 + 1, "Yesterday"), (3 * 24 * 60, "Sat 9 Mar 2024")],
)
def test_day_label(minutes_ago: int, label: str) -> None:
    assert day_label(at(minutes_ago), TODAY) == label


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (65, "1:05"), (600, "10:00"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_media_duration(seconds: int, text: str) -> None:
    assert media_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(-5, "just now"), (59, "just now"), (60, "1m"), (3600 + 300, "1h 05m"), (90000, "1d 1h")],
)
def test_elapsed(seconds: float, text: str) -> None:
    assert elapsed(seconds) == text


def test_visitor_local_time_uses_the_browser_offset_convention() -> None:
    paris_winter = visitor_local_time(-60, NOW)
    assert paris_winter is not None
    assert f"{paris_winter:%H:%M}" == "16:00"
    assert utc_offset_label(-60) == "UTC+1"
    assert utc_offset_label(480) == "UTC-8"
    assert utc_offset_label(-330) == "UTC+5:30"


def test_impossible_offsets_have_no_local_time() -> None:
    assert visitor_local_time(10**9, NOW) is None
