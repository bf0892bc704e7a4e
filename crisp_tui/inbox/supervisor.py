"""Background loops that never die silently: if one ends with an error, the agent is told and
the loop starts again after a pause (so a loop that dies at once cannot spin)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

RESTART_AFTER = 5.0


class Supervised:
    def __init__(
        self,
        name: str,
        run: Callable[[], Awaitable[None]],
        say: Callable[[str], None],
        *,
        restart_after: float = RESTART_AFTER,
        wait: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._wait = wait
        self._name = name
        self._run = run
        self._say = say
        self._restart_after = restart_after
        self._task: asyncio.Task[None] | None = None
        self._stopped = False
        self.restarts = 0

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        self._stopped = False
        self._task = asyncio.create_task(self._supervised(), name=f"crisp-tui-{self._name}")

    async def stop(self) -> None:
        self._stopped = True
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _supervised(self) -> None:
        while not self._stopped:
            try:
                await self._run()
                return  # a loop that ends by itself is done
            except Exception as error:  # whatever killed it, the loop comes back
                self.restarts += 1
                self._say(
                    f"{self._name.capitalize()} stopped ({type(error).__name__}): "
                    f"restarting it in {self._restart_after:g} s."
                )
            await self._wait(self._restart_after)
