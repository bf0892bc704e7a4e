"""Read-only mode in the app: no key sends a write, the composer and actions are hidden, and the
status bar says READ ONLY."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from crisp_tui.emulator import Emulator
from crisp_tui.tui.bindings import COMMANDS, TAB_VIEWS, WRITE_ACTIONS, action_name
from crisp_tui.tui.screens.main import MainScreen
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.key_bar import KeyBar
from crisp_tui.tui.widgets.reply import Reply
from crisp_tui.tui.widgets.status_bar import StatusBar
from tests.support.emulator import write_requests

from .conftest import SIZE
from .pilot import press, settle

# Keys that leave the app or would only type into the search box.
_SKIPPED = {"quit", "search", "help"}


async def _press_every_key(pilot) -> None:
    app = pilot.app
    for command in COMMANDS:
        if command.scope == "composer" or command.id in _SKIPPED:
            continue
        await press(pilot, command.keys.split(",")[0])
        if not isinstance(app.screen, MainScreen) or isinstance(app.focused, Input):
            await press(pilot, "escape")


@pytest.mark.slow
async def test_no_key_sends_a_write_and_writes_are_hidden(make_app, emulator: Emulator):
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "READ ONLY" in app.query_one(StatusBar).render().plain
        unread = next(row for row in app.inbox.rows if row.unread_operator)
        app.query_one(InboxList).select_id(unread.session_id)
        await _press_every_key(pilot)  # from the list
        app.query_one(InboxList).select_id(unread.session_id)
        await press(pilot, "enter")  # opening does not mark read
        assert emulator.world.conversations[unread.session_id]["unread"]["operator"] > 0
        assert not app.query_one(Reply).display
        await _press_every_key(pilot)  # from the conversation
        await press(pilot, "r", *"hello", "ctrl+j", "y")
        shown = app.query_one(KeyBar).render().plain
        assert "Reply" not in shown and "Resolve" not in shown
        await app.inbox.reconcile()
    assert write_requests(emulator) == {}


async def test_the_palette_offers_no_write(make_app):
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from crisp_tui.tui.commands import CrispCommands

        provider = CrispCommands(app.screen)
        offered = [hit async for hit in provider.discover()]
        writes = [c for c in COMMANDS if action_name(c.action) in WRITE_ACTIONS and c.palette]
        inbox_views = len([v for v in app.inbox.views if v.tab]) - len(TAB_VIEWS)  # Sales…
        assert (
            writes
            and len(offered)
            == len([c for c in COMMANDS if c.palette and c.scope != "composer"])
            - len(writes)
            + inbox_views
        )
