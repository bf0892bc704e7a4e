"""A keymap from the config file, in the running app: refused entries are a notice, never a crash
(markup in a key), and a rebinding never shadows navigation (#13, #14)."""

from __future__ import annotations

from textual.command import CommandPalette

from crisp_tui.tui.commands import CrispCommands
from crisp_tui.tui.screens.help import HelpScreen
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import notices, press, settle


async def test_markup_in_a_key_is_a_notice_and_the_palette_help_and_key_bar_still_work(
    make_app, emulator
):
    app = make_app(keymap={"resolve": "[/x]", "pending": "P"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("Ignored keymap resolve = '[/x]'" in notice for notice in notices(app))
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, "escape")
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert "[/x]" not in help_text and "P " in help_text
        await press(pilot, "escape")
        first = app.query_one(InboxList).highlighted_id
        await press(pilot, "e")  # resolve kept its default key
        assert emulator.world.conversations[first]["state"] == "resolved"
        second = app.query_one(InboxList).highlighted_id
        await press(pilot, "P")
        assert emulator.world.conversations[second]["state"] == "pending"


async def test_a_rebinding_onto_navigation_is_refused(make_app, emulator):
    app = make_app(keymap={"resolve": "j"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("j moves down in the list" in notice for notice in notices(app))
        opened = app.query_one(InboxList).highlighted_id
        await press(pilot, "enter")
        assert isinstance(app.focused, MessageLog)
        await press(pilot, "j")  # in the conversation pane, where no list binding catches it
        assert emulator.world.conversations[opened]["state"] != "resolved"


async def test_the_palette_shows_rebound_keys(make_app):
    app = make_app(keymap={"help": "{", "resolve": "E"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = CrispCommands(app.main)
        helps = [hit.help async for hit in provider.discover()]
        assert "{ · List every key binding." in helps and "E · " in "".join(helps)
