"""Pilot tests of losing and finding Crisp again (issue 14 item 5): the status bar says when the
next try is and keeps its other facts; the backoff is capped; a successful action brings the
poller back at once."""

from __future__ import annotations

import asyncio
import math

from crisp_tui.inbox.events import ConversationsChanged
from crisp_tui.inbox.poller import Poller

from .conftest import SIZE
from .pilot import settle
from .test_errors import instant_retries


def status_line(app) -> str:
    return app.main.status_bar.render().plain


async def go_offline(app, emulator, pilot, ticks: int = 1) -> None:
    instant_retries(app)
    emulator.set_faults(drop_rate=1.0)
    for _ in range(ticks):
        await app.inbox.reconcile()
    await settle(pilot)


async def test_offline_the_bar_says_when_it_retries_within_30_s_and_keeps_the_rest(
    make_app, emulator
):
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await go_offline(app, emulator, pilot, ticks=12)
        poller = Poller(app.inbox, clock=app.clock)
        delays = [poller.next_delay() for _ in range(20)]
        assert max(delays) <= 30  # capped: back within 30 s of Crisp's return
        await settle(pilot)
        line = status_line(app)
        assert "○ offline" in line
        assert f"retrying in {math.ceil(delays[-1])} s" in line
        assert "req" in line and "Acme Support (demo)" in line and "synced" in line


async def test_a_successful_action_brings_the_poller_back_at_once(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_offline(app, emulator, pilot, ticks=3)
        poller = Poller(app.inbox, clock=app.clock)
        poller.start()  # waits its backoff (seconds of real time) before the next tick
        try:
            emulator.reset_faults()
            session_id = app.main.inbox_list.highlighted_id
            assert await app.inbox.mark_unread(session_id)
            listed = asyncio.Event()
            app.inbox.subscribe(
                lambda event: listed.set() if isinstance(event, ConversationsChanged) else None
            )
            await asyncio.wait_for(listed.wait(), timeout=5)  # a guard, far below the backoff
            assert app.inbox.status.online
            assert app.inbox.health.failures == 0
        finally:
            await poller.stop()
