"""One running app, resized across 20x6 … 300x100 while listing, reading, composing and in help,
with wide, combining and huge visitor text on screen: no exception, nothing unsafe painted."""

from __future__ import annotations

import itertools

import pytest

from crisp_tui.tui.screens.help import HelpScreen

from .apps import emulator_for, screen_problems, settings_for, settle, started, tui_for
from .hostile_world import CASES, add_hostile_world

# A coarse grid: every layout breakpoint (narrow < 80, short) and both extremes.
WIDTHS = (20, 40, 60, 80, 120, 300)
HEIGHTS = (6, 12, 40, 100)
WIDE = [case for case in CASES if case.kind in ("wide", "combining", "rtl")]


@pytest.mark.slow
async def test_every_terminal_size(tmp_path) -> None:
    emulator_app = emulator_for(conversations=30)
    add_hostile_world(emulator_app.state.emulator, WIDE)
    app = tui_for(emulator_app, tmp_path / "store.sqlite3", settings_for(emulator_app))
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        main = app.main
        states = itertools.cycle(["list", "reading", "composing", "visitor", "help"])
        for (width, height), state in zip(itertools.product(WIDTHS, HEIGHTS), states, strict=False):
            await pilot.resize_terminal(width, height)
            if state == "reading":
                main.action_open()
            elif state == "composing":
                main.action_compose("reply")
            elif state == "visitor":
                main.action_toggle_visitor()
            elif state == "help":
                app.action_help()
            await settle(pilot)
            assert app.screen.size == (width, height)
            problems += [f"{width}x{height} {state}: {p}" for p in screen_problems(app)]
            if isinstance(app.screen, HelpScreen):
                app.pop_screen()
            main.action_back()
            main.action_back()
            main.inbox_list.action_cursor_down()
            await settle(pilot)
        assert app.is_running and app.return_code is None
    assert problems == []
