"""Sync health: whether Crisp answers, since when it does not, and what the last error was.

Every request a source of change (the poller, the live source) or an action makes runs through
`SyncHealth.guard`, which turns its error into status and, at most once per error for background
work, a notice, so no loop dies of one failure. Consecutive failures drive the poller's backoff.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

from ..crisp import errors
from .cadence import seconds_until_utc_midnight
from .error_log import ErrorLog
from .events import InboxEvent, Notice, SyncStatusChanged
from .store import StoreError

_OFFLINE = (errors.NetworkError, errors.ServerError, errors.MalformedResponseError)


@dataclasses.dataclass(frozen=True)
class SyncStatus:
    online: bool | None = None  # None until the first answer
    last_sync: float | None = None
    offline_since: float | None = None
    error: str = ""
    requests_today: int = 0
    budget: int = 5000
    paused_until: float | None = None
    poll_interval: float = 0.0
    website_name: str = ""
    cached: bool = False
    retry_at: float | None = None  # offline: when the poller tries again
    # Live updates (inbox/live.py): "" when off, else connecting | live | reconnecting |
    # unavailable; why it is not live, and when it tries again (wall-clock seconds).
    live: str = ""
    live_reason: str = ""
    live_retry_at: float | None = None


class SyncHealth:
    def __init__(
        self,
        emit: Callable[[InboxEvent], None],
        clock: Callable[[], float],
        budget: int,
        error_log: ErrorLog | None = None,
    ) -> None:
        self._emit = emit
        # Crisp's full answer to each error (the status bar has one sentence of it).
        self.error_log = error_log or ErrorLog(clock=clock)
        self._clock = clock
        self.status = SyncStatus(budget=budget)
        self._failures = 0
        self._on_recovery: list[Callable[[], None]] = []

    def on_recovery(self, callback: Callable[[], None]) -> None:
        """Call `callback` when a request succeeds after failures (the poller retries now)."""
        self._on_recovery.append(callback)

    @property
    def failures(self) -> int:
        """Consecutive failed steps since the last good answer: the poller backs off by it."""
        return self._failures

    def set_status(self, **changes: object) -> None:
        """Change the status; announce it only if something changed."""
        status = dataclasses.replace(self.status, **changes)  # type: ignore[arg-type]
        if status != self.status:
            self.status = status
            self._emit(SyncStatusChanged())

    def mark_synced(self) -> None:
        """Crisp answered a sync: online, no error, no pause, no backoff."""
        self._failures = 0
        self.set_status(
            online=True,
            last_sync=self._clock(),
            offline_since=None,
            error="",
            paused_until=None,
            retry_at=None,
        )

    def at_most_one_more_failure(self, failures_before: int) -> None:
        """Several requests of one step that failed together (offline) count as one failure."""
        self._failures = min(self._failures, failures_before + 1)

    async def guard(
        self, work: Awaitable[None], *, background: bool = False, quiet: bool = False
    ) -> bool:
        """Run an API step (and the caching of its answer); turn its error into status + a
        notice. True when it succeeded.

        A `background` step (polling, start-up) says an error once, not on every tick; an
        action the agent asked for always answers (`quiet`: its caller says it instead). A
        success after failures means Crisp is back: the poller is told to catch up now."""
        failures_before = self._failures
        try:
            try:
                await work
            except errors.CrispError as error:
                self.error_log.record(error)
                raise
        except errors.QuotaExceededError as error:
            until = self._clock() + seconds_until_utc_midnight(self._clock())
            if not quiet:
                self._report(error, background)
            self.set_status(paused_until=until, error=str(error))
        except _OFFLINE as error:
            self._failures += 1
            since = self.status.offline_since or self._clock()
            if self.status.online is not False and not quiet:
                self._emit(Notice(str(error), "warning"))
            self.set_status(online=False, offline_since=since, error=str(error))
        except (errors.CrispError, StoreError) as error:
            if isinstance(error, (errors.RateLimitedError, StoreError)):
                self._failures += 1
            if not quiet:
                self._report(error, background)
            self.set_status(error=str(error))
        except Exception as error:  # a bug or an untyped failure: said, not fatal
            self._failures += 1
            self.say(f"Syncing failed unexpectedly ({type(error).__name__}); retrying.", background)
        else:
            if self._failures > failures_before:
                # A step inside failed and counted it (a reconcile guards each of its steps):
                # Crisp is not back. Taken for a recovery, it woke the poller at once, every
                # tick: offline, the poller spun with no backoff and the bar said online.
                return True
            if self._failures or self.status.online is False:
                self._failures = 0
                self.set_status(online=True, offline_since=None, error="", retry_at=None)
                for callback in self._on_recovery:
                    callback()
            return True
        return False

    def say(self, error: str, background: bool = False) -> None:
        """An error sentence: in the status bar, and as a notice (once, for background work)."""
        if not (background and error == self.status.error):
            self._emit(Notice(error, "error"))
        self.set_status(error=error)

    def _report(self, error: Exception, background: bool) -> None:
        self.say(str(error), background)
