"""A local count of API requests per UTC day: Crisp sends no quota headers, so we count."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


def utc_day(now: float | None = None) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() if now is None else now))


@dataclass
class RequestUsage:
    """Requests sent today (every attempt counts against the quota, retries included)."""

    day: str = field(default_factory=utc_day)
    count: int = 0
    clock: Callable[[], float] = time.time
    listeners: list[Callable[[RequestUsage], None]] = field(default_factory=list, repr=False)

    def record(self) -> None:
        today = utc_day(self.clock())
        if today != self.day:
            self.day, self.count = today, 0
        self.count += 1
        for listener in self.listeners:
            listener(self)

    def subscribe(self, listener: Callable[[RequestUsage], None]) -> None:
        self.listeners.append(listener)
