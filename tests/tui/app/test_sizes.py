"""Any terminal size works; narrow ones show the list or the conversation, not both."""

from __future__ import annotations

import pytest

from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList

from .pilot import press, settle


@pytest.mark.parametrize("size", [(40, 12), (79, 24), (200, 60)])
async def test_every_flow_fits(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "v", "r", "h", "escape", "escape", "question_mark", "escape")
        narrow = size[0] < 80
        assert app.main.has_class("-narrow") is narrow
        assert app.query_one(InboxList).display
        assert isinstance(app.focused, InboxList)


async def test_narrow_terminal_switches_between_list_and_conversation(make_app):
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        conversation = app.main.query_one("#conversation")
        assert inbox_list.region.width == 40
        assert conversation.region.width == 0
        await press(pilot, "enter")
        assert conversation.region.width == 40
        assert inbox_list.region.width == 0
        await press(pilot, "r")
        assert app.query_one(Composer).region.height > 0
        await press(pilot, "escape", "escape")
        assert inbox_list.region.width == 40
