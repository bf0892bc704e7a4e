"""Empty states say one thing, and only when it helps."""

from __future__ import annotations

from crisp_tui.tui.widgets.conversation_pane import ConversationPane
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import notices, press, settle

START = "This is the start of the conversation."


async def test_a_search_with_no_hits_says_so(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"qqzzxxnothing")
        await press(pilot, "enter")
        inbox_list = app.query_one(InboxList)
        assert inbox_list.option_count == 0
        assert "No conversations match qqzzxxnothing in Open" in inbox_list.render_line(0).text


async def test_reaching_the_top_of_a_short_conversation_does_not_toast(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        short = min(emulator.world.messages, key=lambda sid: len(emulator.world.messages[sid]))
        app.main.open_conversation(short)
        await settle(pilot)
        log = app.query_one(MessageLog)
        log.post_message(ConversationPane.OlderRequested(log))  # what scrolling to the top sends
        await settle(pilot)
        assert START not in notices(app)
        await press(pilot, "ctrl+u")  # asked: told
        assert START in notices(app)


async def test_wrong_credentials_say_so_in_the_empty_list_not_loading(make_app):
    app = make_app(token_key="not-the-key")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        shown = " ".join(inbox_list.render_line(y).text.strip() for y in range(6))
        assert "Loading" not in shown
        assert "Could not load the conversations: Crisp rejected the credentials" in shown
        assert "CRISP_TOKEN_KEY" in shown  # wrapped to the list's width, read whole
