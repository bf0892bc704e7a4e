"""Wall-clock access for widgets that show relative times, injectable so snapshots are stable."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]  # seconds since the epoch, like time.time

system_clock: Clock = time.time


def short_age(seconds: float) -> str:
    """A compact duration: "now", "45s", "3m", "2h", "5d", "7w"."""
    seconds = max(0, int(seconds))
    if seconds < 10:
        return "now"
    for size, unit in ((604_800, "w"), (86_400, "d"), (3_600, "h"), (60, "m")):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
