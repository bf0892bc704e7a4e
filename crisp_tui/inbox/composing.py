"""Telling Crisp the agent is typing a reply (`PATCH …/compose`), at a few requests per reply.

One `start` when typing begins (again only every `refresh_s` while it goes on, as Crisp lets a
stale state lapse), one `stop` after `idle_stop_s` without a key or when the agent leaves the
conversation; none after a send (the reply itself ends the typing). Best effort: a failure is
never shown. Nothing is sent in read-only mode or once the day's request budget is spent.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

from ..crisp.client import CrispClient
from ..crisp.errors import CrispError

IDLE_STOP_S = 5.0
REFRESH_S = 25.0


class ComposeSignal:
    def __init__(
        self,
        client: CrispClient,
        *,
        allowed: Callable[[], bool],
        monotonic: Callable[[], float] = time.monotonic,
        idle_stop_s: float = IDLE_STOP_S,
        refresh_s: float = REFRESH_S,
    ) -> None:
        self._client = client
        self._allowed = allowed
        self._monotonic = monotonic
        self._idle_stop_s = idle_stop_s
        self._refresh_s = refresh_s
        self._session: str | None = None
        self._started_at: float | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._requests: set[asyncio.Task[None]] = set()

    def keystroke(self, session_id: str) -> None:
        """The agent typed in the reply to `session_id`."""
        if session_id != self._session:
            self.stopped()
            self._session = session_id
        now = self._monotonic()
        if self._started_at is None or now - self._started_at >= self._refresh_s:
            self._started_at = now
            self._tell(session_id, composing=True)
        if self._idle is not None:
            self._idle.cancel()
        self._idle = asyncio.get_running_loop().call_later(self._idle_stop_s, self.stopped)

    def stopped(self, *, sent: bool = False) -> None:
        """The agent stopped typing (idle, left the conversation), or `sent` the reply."""
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        session_id, started = self._session, self._started_at
        self._session = self._started_at = None
        if session_id and started is not None and not sent:
            self._tell(session_id, composing=False)

    def _tell(self, session_id: str, *, composing: bool) -> None:
        if not self._allowed():
            return
        task = asyncio.get_running_loop().create_task(self._request(session_id, composing))
        self._requests.add(task)
        task.add_done_callback(self._requests.discard)

    async def _request(self, session_id: str, composing: bool) -> None:
        with contextlib.suppress(CrispError):  # typing is a courtesy: never worth a notice
            await self._client.set_composing(session_id, composing)
