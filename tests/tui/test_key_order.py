"""The app hands out keys one at a time, in order; a follow that never comes back (a widget
closed with it queued) holds the keys behind it no longer than HOLD_LIMIT_S, even with no key
after them."""

from __future__ import annotations

from textual import events

from crisp_tui.tui import key_order
from crisp_tui.tui.key_order import HOLD_LIMIT_S, KeyOrder


class Node:
    """A widget whose queued callbacks run only when the test says so."""

    def __init__(self) -> None:
        self.queued: list[tuple] = []
        self.ancestors_with_self = [self]

    def call_later(self, callback, *args) -> bool:
        self.queued.append((callback, args))
        return True

    async def run_queued(self) -> None:
        while self.queued:
            callback, args = self.queued.pop(0)
            await callback(*args)


class FakeApp:
    def __init__(self) -> None:
        self.focused = None
        self.screen = Node()
        self.timers: list[tuple[float, object]] = []

    def set_timer(self, delay: float, callback) -> None:
        self.timers.append((delay, callback))


async def test_keys_wait_for_the_one_before_and_a_lost_follow_holds_them_no_longer(monkeypatch):
    app, delivered = FakeApp(), []

    async def deliver(event: events.Key) -> None:
        delivered.append(event.key)

    order = KeyOrder(app, deliver)  # type: ignore[arg-type]
    now = [100.0]
    monkeypatch.setattr(key_order.time, "monotonic", lambda: now[0])
    for key in "abc":
        await order.take(events.Key(key, key))
    assert delivered == ["a"]  # b and c wait until a has been handled all the way up
    await app.screen.run_queued()
    assert delivered == [*"abc"]

    await order.take(events.Key("d", "d"))
    app.screen.queued.clear()  # d's follow is lost
    await order.take(events.Key("e", "e"))
    assert delivered == [*"abcd"]
    now[0] += HOLD_LIMIT_S + 0.1
    await order.take(events.Key("f", "f"))
    assert delivered == [*"abcde"]  # let go; f waits behind e as usual
    await app.screen.run_queued()
    assert delivered == [*"abcdef"]

    # The last key of a burst has no key after it: a timer frees it (it was held until the
    # agent's next press, and the app looked deaf to the escape they had typed).
    app.timers.clear()
    await order.take(events.Key("g", "g"))
    app.screen.queued.clear()  # g's follow is lost
    now[0] += 0.25
    await order.take(events.Key("escape", None))
    assert delivered == [*"abcdefg"]
    [(delay, free)] = app.timers
    assert delay == HOLD_LIMIT_S - 0.25
    await free()  # type: ignore[operator]
    assert delivered == [*"abcdefg", "escape"]
