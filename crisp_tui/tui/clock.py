"""Wall-clock access for widgets that show relative times, injectable so snapshots are stable."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]  # seconds since the epoch, like time.time

system_clock: Clock = time.time
