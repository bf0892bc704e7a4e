"""When to poll next (DESIGN §5): fast while the agent works, slow when idle or blurred, never
faster than the day's remaining poll budget allows, backing off with jitter after failures."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Without a key press for this long (or with the terminal blurred), the agent is idle.
IDLE_AFTER = 300.0


def seconds_until_utc_midnight(now: float) -> float:
    # Unix time has no leap seconds: every UTC day starts at a multiple of 86,400.
    return max(1.0, 86400 - now % 86400)


@dataclass(frozen=True)
class PollCadence:
    active_interval: float = 10.0
    idle_interval: float = 60.0
    daily_budget: int = 5000
    # Polling may spend this share of the daily quota; the rest is kept for the agent's actions.
    poll_share: float = 0.5
    idle_after: float = IDLE_AFTER
    # Offline, a retry costs one failed request: the agent is back at most this long after Crisp.
    max_backoff: float = 30.0

    def interval(
        self,
        *,
        now: float,
        last_activity: float,
        focused: bool,
        requests_today: int,
        tick_cost: int = 1,
    ) -> float:
        idle = not focused or now - last_activity > self.idle_after
        wanted = self.idle_interval if idle else self.active_interval
        budget = self.budget_interval(now=now, requests_today=requests_today, tick_cost=tick_cost)
        return max(wanted, budget)

    def budget_interval(self, *, now: float, requests_today: int, tick_cost: int = 1) -> float:
        """The shortest interval that spreads the poll budget left over the rest of the UTC day,
        for ticks of `tick_cost` requests each."""
        poll_budget = int(self.daily_budget * self.poll_share)
        ticks_left = (poll_budget - requests_today) / max(1, tick_cost)
        if ticks_left < 1:
            return seconds_until_utc_midnight(now)
        return seconds_until_utc_midnight(now) / ticks_left

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Exponential backoff with jitter after `failures` consecutive failed ticks."""
        ceiling = min(self.max_backoff, self.active_interval * 2 ** max(0, failures - 1))
        return rng.uniform(ceiling / 2, ceiling)
