"""Start-up: the collector pauses until the first frame is out, and never stays paused."""

from __future__ import annotations

import asyncio
import gc

import pytest

from crisp_tui.tui.app import CrispApp
from crisp_tui.tui.screens.main import MainScreen

from .conftest import SIZE


async def first_frame(app: CrispApp) -> None:
    painted = asyncio.Event()
    app.screen.call_after_refresh(painted.set)
    await painted.wait()


async def test_the_collector_waits_for_the_first_frame_then_runs_again(make_app) -> None:
    app: CrispApp = make_app()
    seen: list[bool] = []
    app.call_later(lambda: seen.append(gc.isenabled()))  # runs during start-up
    async with app.run_test(size=SIZE):
        await first_frame(app)
        assert seen == [False]
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up built is left out of later passes


async def test_an_app_that_fails_before_its_first_frame_leaves_the_collector_on(
    make_app, monkeypatch
) -> None:
    def broken_mount(screen: MainScreen) -> None:
        raise RuntimeError("start-up failed")

    monkeypatch.setattr(MainScreen, "on_mount", broken_mount)
    app: CrispApp = make_app()
    with pytest.raises(RuntimeError, match="start-up failed"):
        async with app.run_test(size=SIZE):
            pass
    assert gc.isenabled()


async def test_closing_before_the_first_sync_lands_drops_its_events(make_app) -> None:
    app: CrispApp = make_app()
    async with app.run_test(size=SIZE):
        await first_frame(app)  # the start-up sync is still on its way: its events come late
    assert app.return_code in (None, 0)
