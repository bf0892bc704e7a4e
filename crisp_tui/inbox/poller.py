"""The polling source of change (DESIGN §5): one `Inbox.reconcile` per tick, on a cadence that
is fast while the agent works, slow when idle or blurred, within the day's request budget,
backing off after failures and pausing on a spent quota or an open dialog."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from collections.abc import Callable

from .cadence import PollCadence
from .inbox import Inbox


class Poller:
    def __init__(
        self,
        inbox: Inbox,
        *,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self._inbox = inbox
        self._clock = clock
        self._rng = rng or random.Random()
        settings = inbox.settings
        self._cadence = PollCadence(
            active_interval=settings.poll_active_seconds,
            idle_interval=settings.poll_idle_seconds,
            daily_budget=settings.daily_request_budget,
        )
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()  # set when Crisp answered again: tick now, not later
        inbox.health.on_recovery(self._wake.set)

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name="crisp-tui-poller")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def run(self) -> None:
        """Poll until cancelled."""
        tick_started: float | None = None
        while True:
            await self._wait(self.next_delay(tick_started))
            tick_started = self._clock()
            if self._inbox.polling_paused:
                continue
            await self._inbox.reconcile()

    async def _wait(self, delay: float) -> None:
        """Sleep `delay` seconds, or less if Crisp answered an action since the last tick."""
        waits = [
            asyncio.ensure_future(asyncio.sleep(delay)),
            asyncio.ensure_future(self._wake.wait()),
        ]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        self._wake.clear()

    def next_delay(self, tick_started: float | None = None) -> float:
        """Seconds from now to the next tick. The cadence counts from the start of the last tick
        (a fixed rate: a visitor's message waits at most one interval, not an interval plus the
        last tick's round trips); a quota pause or a backoff counts from now."""
        now = self._clock()
        health = self._inbox.health
        paused_until = health.status.paused_until
        if paused_until and now < paused_until:
            delay = paused_until - now
        elif health.failures:
            delay = self._cadence.backoff(health.failures, self._rng)
            health.set_status(poll_interval=delay, retry_at=now + delay)
            return delay
        else:
            interval = self._cadence.interval(
                now=now,
                last_activity=self._inbox.last_activity,
                focused=self._inbox.focused,
                requests_today=self._inbox.client.usage.count,
                tick_cost=2 if self._inbox.fetches_open_every_reconcile else 1,
            )
            health.set_status(poll_interval=interval)
            return max(0.0, interval - (now - tick_started if tick_started is not None else 0.0))
        health.set_status(poll_interval=delay)
        return delay
