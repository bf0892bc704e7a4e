"""The poll cadence keeps inside the daily quota whatever the agent does."""

from __future__ import annotations

import calendar
import random

import pytest

from crisp_tui.inbox.cadence import PollCadence, seconds_until_utc_midnight

NOON = calendar.timegm((2026, 11, 25, 12, 0, 0))


def test_active_focused_agent_polls_at_the_active_interval_when_budget_allows():
    cadence = PollCadence(active_interval=10, idle_interval=60, daily_budget=50_000)
    assert cadence.interval(now=NOON, last_activity=NOON, focused=True, requests_today=0) == 10


@pytest.mark.parametrize(("focused", "idle_for"), [(False, 0), (True, 301)])
def test_blurred_or_idle_agent_polls_slowly(focused, idle_for):
    cadence = PollCadence(active_interval=10, idle_interval=60, daily_budget=50_000)
    interval = cadence.interval(
        now=NOON, last_activity=NOON - idle_for, focused=focused, requests_today=0
    )
    assert interval == 60


def test_budget_stretches_the_interval_over_the_rest_of_the_day():
    cadence = PollCadence(active_interval=1, daily_budget=5000)
    # 12 h left, 2,500 poll requests allowed → one every 17.28 s.
    assert cadence.budget_interval(now=NOON, requests_today=0) == pytest.approx(43200 / 2500)
    # Budget spent: wait for the next UTC day.
    assert cadence.budget_interval(now=NOON, requests_today=2500) == 43200


def test_a_whole_day_of_ticks_never_exceeds_the_poll_share():
    """Simulate a day of polling by an always-active agent and count the requests."""
    cadence = PollCadence(active_interval=5, idle_interval=60, daily_budget=5000)
    start = calendar.timegm((2026, 11, 25, 0, 0, 0))
    now, requests = float(start), 0
    while now < start + 86400:
        requests += 1
        now += cadence.interval(now=now, last_activity=now, focused=True, requests_today=requests)
    assert requests <= 2500 + 1


def test_backoff_grows_with_failures_and_is_capped():
    cadence = PollCadence(active_interval=10, max_backoff=300)
    rng = random.Random(1)
    first = [cadence.backoff(1, rng) for _ in range(50)]
    late = [cadence.backoff(12, rng) for _ in range(50)]
    assert all(5 <= d <= 10 for d in first)
    assert all(150 <= d <= 300 for d in late)


def test_seconds_until_midnight():
    assert seconds_until_utc_midnight(NOON) == 43200


def test_ticks_that_also_fetch_the_open_conversation_poll_half_as_often():
    cadence = PollCadence(active_interval=1, daily_budget=5000)
    single = cadence.budget_interval(now=NOON, requests_today=0)
    double = cadence.budget_interval(now=NOON, requests_today=0, tick_cost=2)
    assert double == pytest.approx(2 * single)


def test_a_busy_day_with_a_conversation_open_stays_inside_the_poll_share():
    cadence = PollCadence(active_interval=5, idle_interval=60, daily_budget=5000)
    start = calendar.timegm((2026, 11, 25, 0, 0, 0))
    now, requests = float(start), 0
    while now < start + 86400:
        requests += 2
        now += cadence.interval(
            now=now, last_activity=now, focused=True, requests_today=requests, tick_cost=2
        )
    assert requests <= 2500 + 2
