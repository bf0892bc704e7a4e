"""Layout at the sizes agents use: every tab and help stay visible, the visitor panel never
squeezes the messages, `v` works on a tiny terminal, a tall list fills itself, and the key bar
names the live pane."""

from __future__ import annotations

import re

from crisp_tui.tui.bindings import TAB_VIEWS
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.key_bar import KeyBar
from crisp_tui.tui.widgets.message_log import MessageLog
from crisp_tui.tui.widgets.view_bar import ViewBar
from crisp_tui.tui.widgets.visitor_panel import VisitorPanel

from .pilot import press, settle


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_80x24_shows_every_filter_tab_and_help(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tabs = str(app.query_one(ViewBar).render())
        assert all(f" {number} " in tabs for number in range(1, len(TAB_VIEWS) + 1))
        assert "Unread" in tabs or "Unrd" in tabs
        assert re.search(r" 1 Open \d+ ", tabs)  # short of room, the active tab keeps its count
        assert bar_text(app).rstrip().endswith("? Help  ^p palette")
        await press(pilot, "slash")
        await pilot.press(*"a long search for someone")
        await press(pilot, "enter")
        tabs = str(app.query_one(ViewBar).render())
        assert " 7 " in tabs and "/ a long search" in tabs


async def test_the_visitor_panel_never_squeezes_the_messages(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "v")
        assert app.query_one(VisitorPanel).region.width > 0
        assert app.query_one(MessageLog).region.width >= 40
        await press(pilot, "escape")  # back to the list: the panel gives the room back
        assert app.query_one(InboxList).region.width > 0
        assert app.query_one(MessageLog).region.width >= 40


async def test_v_shows_the_visitor_on_a_tiny_terminal(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        panel = app.query_one(VisitorPanel)
        assert panel.region.width == 40
        await press(pilot, "v")
        assert panel.region.width == 0
        assert app.query_one(MessageLog).region.width > 0


async def test_a_tall_list_loads_pages_until_it_is_full(make_app):
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        assert inbox_list.option_count * 2 >= inbox_list.size.height


async def test_the_key_bar_names_the_live_pane(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert bar_text(app).startswith(" list ")
        await press(pilot, "enter")
        assert bar_text(app).startswith(" conversation ")
        await press(pilot, "r")
        assert bar_text(app).startswith(" composer ")
