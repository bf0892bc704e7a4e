"""Keys that arrive together act where the keys before them moved the focus.

Textual's driver posts every key of one terminal read (fast typing over ssh, a paste, tmux
send-keys) to the app at once, and the app hands each to the widget focused as it comes to it.
But a key is handled on its way back up, later: by the focused widget, then each parent, then
the bindings, which run at the app; what those post is handled later still, and `focus()` is a
callback queued on the app. So the "Hello" typed with `r` went to the inbox list, where h, e, l
and o are actions. Here the app hands out a key (or a paste) only once the one before has been
handled all the way: a callback follows it up from the widget it went to, then once more behind
what was posted on the way (a binding's focus move, the message alt+key posts in the composer).
A key typed alone waits for nothing.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

KeyOrPaste = events.Key | events.Paste
Deliver = Callable[[KeyOrPaste], Awaitable[object]]
# A follow that never came back (a widget closed with the callback queued) holds no longer: a
# timer, or the next key if it comes first, lets the held ones go.
HOLD_LIMIT_S = 1.0


class KeyOrder:
    """Hands keys and pastes to `deliver` (the app's own delivery) one at a time."""

    def __init__(self, app: App[object], deliver: Deliver) -> None:
        self._app = app
        self._deliver = deliver
        self._held: deque[KeyOrPaste] | None = None  # not None while a key is being handled
        self._since = 0.0  # monotonic: when that key was handed out
        self._following = 0  # which hand-out the follow under way is for

    async def take(self, event: KeyOrPaste) -> None:
        if self._held is None:
            await self._hand_out(event, deque())
            return
        self._held.append(event)
        waited = time.monotonic() - self._since
        if waited > HOLD_LIMIT_S:
            await self._release(self._following)
        elif len(self._held) == 1:  # the last key typed may have no key after it to free it
            self._app.set_timer(HOLD_LIMIT_S - waited, partial(self._release, self._following))

    async def _hand_out(self, event: KeyOrPaste, waiting: deque[KeyOrPaste]) -> None:
        target: DOMNode = self._app.focused or self._app.screen
        self._held, self._since = waiting, time.monotonic()
        self._following += 1
        await self._deliver(event)
        path = list(target.ancestors_with_self)  # up to the app, where bindings run
        await self._follow(self._following, path + path)

    async def _follow(self, following: int, path: list[DOMNode]) -> None:
        """Queue this on the next node of `path`: it runs once that node has handled what was
        queued on it before; at the end of the path, the key is handled."""
        while path:
            node = path.pop(0)
            if node.call_later(self._follow, following, path):
                return  # a closed node takes nothing: skip it
        await self._release(following)

    async def _release(self, following: int) -> None:
        if following != self._following or self._held is None:
            return  # a late follow of a key already let go
        held, self._held = self._held, None
        if held:
            await self._hand_out(held.popleft(), held)
