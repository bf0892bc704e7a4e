"""Time sources for the emulator: the wall clock, or a fake one that tests move by hand."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now_ms(self) -> int: ...


class SystemClock:
    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000


class FakeClock:
    """A clock that only moves when told to (thread-safe: the server reads it from its thread)."""

    def __init__(self, start_ms: int) -> None:
        self._now = start_ms
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        with self._lock:
            return self._now

    def advance(self, *, seconds: float = 0, ms: int = 0) -> int:
        with self._lock:
            self._now += int(seconds * 1000) + ms
            return self._now
