"""Faults on demand: latency, 5xx, rate limits, quota, edge HTML pages, drops, commit-then-fail,
late commits.

`Faults` is the plain, editable description (from Python or `POST /_emulator/faults`); `FaultGate`
turns it into one decision per request, with its own seeded random stream and counters.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from crisp_tui.emulator.clock import Clock

DAY_MS = 86_400_000

# Script tokens: "503" (JSON error), "html:502" (edge page), "drop" (close the socket, no answer),
# "slow" (wait `slow_ms`, then answer normally), "ok" (let one request through untouched),
# "deep" (a 200 whose JSON is nested 100,000 levels), "badgzip" (a 200 that claims
# `Content-Encoding: gzip` but is not gzip). A JSON error may name its reason,
# "404:session_not_found": Crisp's reasons are listed nowhere, so a client must not rely on them.
_TOKEN = re.compile(r"^(ok|drop|slow|deep|badgzip|(html:)?[45]\d\d|[45]\d\d:[a-z_]{1,40})$")


@dataclass
class Faults:
    latency_ms: int = 0
    jitter_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    drop_rate: float = 0.0
    slow_rate: float = 0.0
    slow_ms: int = 5000
    # Requests allowed per window of the emulator clock; beyond → `rate_limit_status`. 0 = off.
    burst_limit: int = 0
    burst_window_ms: int = 1000
    rate_limit_status: int = 429
    # Requests allowed per UTC day of the emulator clock; beyond → 423 quota_limit_exceeded.
    # 0 = off.
    daily_quota: int = 0
    # Random and rate-limit errors come as an HTML page from "the edge" instead of JSON.
    html_errors: bool = False
    # Regex on "METHOD /website/…" (path after /v1): only matching requests get latency, random
    # and scripted faults. Empty = every API request. Quota and burst limits count everything.
    match: str = ""
    # One token consumed per matching request, in order (see _TOKEN).
    script: list[str] = field(default_factory=list)
    # One token consumed per POSTed message: the message IS stored, then the answer is this fault.
    commit_then_fail: list[str] = field(default_factory=list)
    # The next `late_commits` POSTed messages are stored `late_commit_ms` later on the emulator
    # clock (at the first request after that) and never answered: the answer is held until the
    # client gives up ("hold": a timeout, a killed process) or the connection dropped ("drop").
    late_commits: int = 0
    late_commit_ms: int = 60_000
    late_commit_answer: Literal["hold", "drop"] = "hold"
    # After each write to a conversation, this many API reads still see it as it was before
    # (Crisp's edge cache, `Bloom-Status: HIT`). 0 = off.
    stale_reads: int = 0
    # The RTM socket (rtm.py): refuse every `authentication`, hold each event back this long,
    # or send nothing at all (pings included) as a half-open connection would.
    rtm_refuse_auth: bool = False
    rtm_event_delay_ms: int = 0
    rtm_silent: bool = False

    def update(self, changes: dict[str, Any]) -> None:
        """Apply changes by field name, checking names and types (for the HTTP control path)."""
        known = {f.name: f for f in dataclasses.fields(self)}
        for name, value in changes.items():
            if name not in known:
                raise ValueError(f"unknown fault setting {name!r}")
            current = getattr(self, name)
            if isinstance(current, list):
                if not isinstance(value, list) or not all(_TOKEN.match(str(t)) for t in value):
                    raise ValueError(f"{name} must be a list of fault tokens")
                value = [str(t) for t in value]
            elif isinstance(current, bool):
                if not isinstance(value, bool):
                    raise ValueError(f"{name} must be a boolean")
            elif isinstance(current, (int, float)):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ValueError(f"{name} must be a number")
                value = type(current)(value)
            elif not isinstance(value, str):
                raise ValueError(f"{name} must be a string")
            elif name == "late_commit_answer" and value not in ("hold", "drop"):
                raise ValueError('late_commit_answer must be "hold" or "drop"')
            elif name == "match":
                try:
                    re.compile(value)
                except re.error as error:  # it would fail every request after this
                    raise ValueError(f"match is not a regular expression: {error}") from None
            setattr(self, name, value)

    def reset(self) -> None:
        for f in dataclasses.fields(self):
            default = f.default_factory() if callable(f.default_factory) else f.default
            setattr(self, f.name, default)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Outcome:
    kind: Literal["pass", "drop", "error", "deep", "badgzip"] = "pass"
    status: int = 0
    html: bool = False
    delay_ms: int = 0
    reason: str = ""  # the JSON error's reason ("" = the usual one for its status)


PASS = Outcome()


def _from_token(token: str, delay_ms: int, slow_ms: int) -> Outcome:
    if token == "ok":
        return Outcome(delay_ms=delay_ms)
    if token in ("drop", "deep", "badgzip"):
        return Outcome(token, delay_ms=delay_ms)
    if token == "slow":
        return Outcome(delay_ms=delay_ms + slow_ms)
    html = token.startswith("html:")
    status, _, reason = token.removeprefix("html:").partition(":")
    return Outcome("error", int(status), html, delay_ms, reason)


class FaultGate:
    def __init__(self, faults: Faults, rng: random.Random, clock: Clock) -> None:
        self.faults = faults
        self._rng = rng
        self._clock = clock
        self._day = -1
        self._day_count = 0
        self._window = -1
        self._window_count = 0
        self.applied: dict[str, int] = {}
        self._late: list[tuple[int, Callable[[int], object]]] = []

    def decide(self, method: str, path: str) -> Outcome:
        outcome = self._decide(method, path)
        if outcome.kind != "pass":
            key = f"{outcome.kind}:{outcome.status}" if outcome.status else outcome.kind
            self.applied[key] = self.applied.get(key, 0) + 1
        return outcome

    def _decide(self, method: str, path: str) -> Outcome:
        f = self.faults
        now = self._clock.now_ms()
        limited = self._count(now)
        if limited:
            return limited
        if f.match and not re.search(f.match, f"{method} {path}"):
            return PASS
        delay = f.latency_ms + (self._rng.randint(0, f.jitter_ms) if f.jitter_ms > 0 else 0)
        if f.script:
            return _from_token(f.script.pop(0), delay, f.slow_ms)
        if f.drop_rate and self._rng.random() < f.drop_rate:
            return Outcome("drop", delay_ms=delay)
        if f.error_rate and self._rng.random() < f.error_rate:
            return Outcome("error", f.error_status, f.html_errors, delay)
        if f.slow_rate and self._rng.random() < f.slow_rate:
            delay += f.slow_ms
        return Outcome(delay_ms=delay)

    def _count(self, now: int) -> Outcome | None:
        f = self.faults
        day = now // DAY_MS
        if day != self._day:
            self._day, self._day_count = day, 0
        self._day_count += 1
        if f.daily_quota and self._day_count > f.daily_quota:
            return Outcome("error", 423)
        window = now // max(f.burst_window_ms, 1)
        if window != self._window:
            self._window, self._window_count = window, 0
        self._window_count += 1
        if f.burst_limit and self._window_count > f.burst_limit:
            return Outcome("error", f.rate_limit_status, f.html_errors)
        return None

    def after_commit(self) -> Outcome | None:
        """The fault to answer a stored POST message with, if one is queued."""
        if not self.faults.commit_then_fail:
            return None
        outcome = _from_token(self.faults.commit_then_fail.pop(0), 0, self.faults.slow_ms)
        self.applied["commit_then_fail"] = self.applied.get("commit_then_fail", 0) + 1
        return outcome

    def commit_late(self, commit: Callable[[int], object], now: int) -> bool:
        """Whether this POSTed message is to be stored late; then `commit(at_ms)` runs when due."""
        if self.faults.late_commits <= 0:
            return False
        self.faults.late_commits -= 1
        self._late.append((now + self.faults.late_commit_ms, commit))
        self.applied["late_commit"] = self.applied.get("late_commit", 0) + 1
        return True

    def commit_due(self, now: int) -> None:
        """Store the late messages whose time has come (under the world's lock)."""
        due = sorted((entry for entry in self._late if entry[0] <= now), key=lambda e: e[0])
        self._late = [entry for entry in self._late if entry[0] > now]
        for at, commit in due:
            commit(at)
