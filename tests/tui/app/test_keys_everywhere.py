"""Keys as the agent has them, everywhere: key bar, help, composer hint, empty pane, palette;
a rebinding never takes a moving key; the palette holds our actions, each once; the theme sticks."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Static

from crisp_tui.config import load_settings
from crisp_tui.tui.bindings import COMMANDS
from crisp_tui.tui.commands import CrispCommands
from crisp_tui.tui.screens.help import HelpScreen
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.key_bar import KeyBar
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import notices, press, settle


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


def header_text(app) -> str:
    return str(app.main.query_one("#conversation-header", Static).render())


async def test_a_rebinding_shows_in_help_the_composer_hint_and_the_empty_pane(make_app):
    app = make_app(keymap={"help": "f1", "open": "o", "link": "L", "send": "ctrl+s"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "o opens, f1 lists every key" in header_text(app)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-text").render())
        assert "f1" in help_text and "ctrl+s" in help_text
        await press(pilot, "escape", "r")
        assert str(app.main.query_one(Composer).border_subtitle).startswith("ctrl+s send")


async def test_a_rebinding_never_takes_a_moving_key(make_app):
    app = make_app(keymap={"resolve": "j"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        first = inbox_list.highlighted_id
        await press(pilot, "j")
        assert inbox_list.highlighted_id != first  # j moved
        assert app.inbox.conversation(first).state != "resolved"
        assert any("Ignored keymap resolve = 'j'" in text for text in notices(app))
        await press(pilot, "enter")
        app.main.pane.focus_messages()
        await press(pilot, "j")  # in the conversation too
        assert app.inbox.conversation(inbox_list.highlighted_id).state != "resolved"


async def test_the_palette_holds_our_actions_once_each_by_their_one_name(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await pilot.pause()
        titles = [str(hit.text) async for hit in CrispCommands(app.main).discover()]
        assert len(titles) == len(set(titles))
        assert "Screenshot" not in titles and "Keys" not in titles  # Textual's own
        assert {CrispCommands} == app.COMMANDS
        hits = [hit async for hit in CrispCommands(app.main).search("unresolve")]
        assert str(hits[0].text) == "Unresolve"


async def test_help_names_each_action_as_the_palette_does(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        text = str(app.screen.query_one("#help-text").render())
        for command in COMMANDS:
            assert command.description in text
        assert "Unresolve" in text
        for symbol in ("●", "◐", "✓", "@", "→", "You:"):
            assert symbol in text  # every symbol of the list is explained


async def test_help_moves_with_j_k_g_G_and_the_key_bar_shows_its_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        scroll = app.screen.query_one("#help-scroll")
        assert "Close" in bar_text(app) and "Reply" not in bar_text(app)
        await press(pilot, "j")
        assert scroll.scroll_y == 1
        await press(pilot, "G")
        assert scroll.scroll_y == scroll.max_scroll_y > 1
        await press(pilot, "k")
        assert scroll.scroll_y == scroll.max_scroll_y - 1
        await press(pilot, "g")
        assert scroll.scroll_y == 0


async def test_a_theme_picked_in_the_palette_is_remembered(make_app):
    app = make_app(theme=None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "nord"  # what the palette's theme picker does
        await settle(pilot)
    assert load_settings().theme == "nord"


async def test_at_start_the_pane_says_one_thing(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "No conversation open" in header_text(app)
        log = app.main.query_one(MessageLog)
        lines = [log.render_line(y).text.strip() for y in range(log.size.height)]
        assert not any(lines), lines  # no "No messages yet" under it
