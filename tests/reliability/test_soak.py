"""Soak: thousands of poll ticks on a fast fake clock with visitors writing all along, the agent
reading the busiest conversation: what the inbox holds and the asyncio tasks stay flat.

Flat means: the live objects of every kind that a leak would pile up (models, responses,
requests, tasks, coroutines) are no more numerous after thousands of ticks than after the
warm-up; and tracemalloc, over a last stretch (tracing costs ~8x, hence short), sees less kept
per tick than one page of conversations weighs, outside the emulator (whose world grows with
every visitor message, as it should). Visitors write in existing conversations only: a new
conversation is a row the inbox keeps on purpose (until the view changes).
"""

from __future__ import annotations

import asyncio
import gc
import tracemalloc
from collections import Counter
from types import CoroutineType

import httpx
import pytest

from crisp_tui.crisp.models import Conversation, Message
from crisp_tui.emulator import Emulator, activity
from crisp_tui.inbox.events import InboxEvent
from crisp_tui.inbox.inbox import Inbox

from .apps import emulator_for, inbox_for, settings_for

WARM_UP = 200
TICKS = 1500
TRACED_TICKS = 100
SECONDS_PER_TICK = 10
# One page of conversations is ~30 KB: a leaked response per tick is far above this.
MAX_BYTES_PER_TICK = 1000
LEAKABLE = (Conversation, Message, InboxEvent, httpx.Response, httpx.Request, asyncio.Task)
NOT_THE_EMULATOR = tracemalloc.Filter(False, "*/crisp_tui/emulator/*")


async def ticks(inbox: Inbox, emulator: Emulator, count: int) -> None:
    for _ in range(count):
        emulator.advance(seconds=SECONDS_PER_TICK)
        await inbox.reconcile()
        if inbox.rows and inbox.open_session != inbox.rows[0].session_id:
            await inbox.open(inbox.rows[0].session_id)


def census() -> Counter[str]:
    gc.collect()
    kinds = (*LEAKABLE, CoroutineType)
    return Counter(
        type(thing).__name__ if isinstance(thing, LEAKABLE) else "coroutine"
        for thing in gc.get_objects()
        if isinstance(thing, kinds)
    )


async def traced_bytes(inbox: Inbox, emulator: Emulator) -> int:
    """Bytes traced and alive, with the inbox's rows reset to page 1 (the same amount of state
    every time: rows kept from earlier pages vary, and are not a leak) and the emulator's request
    logs emptied (they are the emulator's, and what they keep was allocated by the stdlib)."""
    await inbox.set_view(inbox.view)
    emulator.stats.reset()
    gc.collect()
    snapshot = tracemalloc.take_snapshot().filter_traces([NOT_THE_EMULATOR])
    return sum(stat.size for stat in snapshot.statistics("filename"))


@pytest.mark.slow
async def test_thousands_of_ticks_stay_flat(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(activity, "NEW_CONVERSATION_SHARE", 0.0)
    emulator_app = emulator_for(conversations=40, activity_per_minute=6)
    emulator = emulator_app.state.emulator
    inbox = inbox_for(emulator_app, tmp_path / "store.sqlite3", settings_for(emulator_app))
    await inbox.start()
    try:
        await ticks(inbox, emulator, WARM_UP)
        start_tasks, start_census = len(asyncio.all_tasks()), census()
        await ticks(inbox, emulator, TICKS)
        end_census = census()
        tracemalloc.start()
        await ticks(inbox, emulator, 20)  # the current page and messages, in both snapshots
        before = await traced_bytes(inbox, emulator)
        await ticks(inbox, emulator, TRACED_TICKS)
        growth, end_tasks = await traced_bytes(inbox, emulator) - before, len(asyncio.all_tasks())
    finally:
        tracemalloc.stop()
        await inbox.stop()
    visitor_messages = emulator.activity.applied
    assert inbox.status.online and inbox.rows and visitor_messages > TICKS
    assert end_tasks == start_tasks
    piled_up = {kind: count for kind, count in (end_census - start_census).items() if count > 5}
    assert piled_up == {}, (start_census, end_census)
    ticked = WARM_UP + TICKS + 20 + TRACED_TICKS
    print(f"\nsoak: {ticked} ticks, {visitor_messages} visitor messages, {growth} bytes kept")
    assert growth / TRACED_TICKS < MAX_BYTES_PER_TICK, growth
