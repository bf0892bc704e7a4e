"""The app shows what Crisp means (docs/crisp-api.md): a visitor's messages under the contact's
current name, not the chatbox's nickname stored on each message."""

from __future__ import annotations

from crisp_tui.emulator import Emulator
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import press, settle, shown_lines


async def test_visitor_messages_show_under_the_contacts_current_name(make_app, emulator: Emulator):
    world = emulator.world
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = next(
            row
            for row in app.inbox.rows
            if (last := world.messages[row.session_id][-1])["from"] == "user"
            and last["user"]["nickname"] != row.meta.nickname
        )
        snapshot = world.messages[row.session_id][-1]["user"]["nickname"]
        app.main.inbox_list.select_id(row.session_id)
        await press(pilot, "enter")
        text = shown_lines(app.query_one(MessageLog))
        assert row.meta.nickname in text
        assert snapshot not in text
