"""Pilot tests of the triage loop (issue 14): the highlight follows the conversation, moving
between conversations from the pane, act and advance at the ends, drafts and namesakes."""

from __future__ import annotations

from crisp_tui.emulator import Emulator
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import notices, press, settle


def row_text(inbox_list: InboxList, session_id: str) -> str:
    return str(inbox_list.get_option(session_id).prompt)


async def test_the_highlight_follows_the_conversation_across_a_filter_switch(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.main.inbox_list
        read = [row.session_id for row in app.inbox.rows if not row.unread_operator]
        chosen = read[2]
        inbox_list.select_id(chosen)
        await press(pilot, "4", "1")  # unassigned and back
        assert inbox_list.highlighted_id == chosen
        await press(pilot, "2")  # unread: it is not there, so the first row, not its index
        assert chosen not in inbox_list.session_ids
        assert inbox_list.highlighted == 0
        await press(pilot, "j")
        now_on = inbox_list.highlighted_id
        await press(pilot, "1")
        assert inbox_list.highlighted_id == now_on


async def test_the_highlight_comes_back_to_the_open_conversation_after_a_restart(
    make_app, emulator: Emulator
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7", "G")  # the last row of the loaded pages: not cached on page 1
        await press(pilot, "enter")
        session_id = app.main.open_id
        await press(pilot, "1")
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.main.open_id == session_id
        await press(pilot, "7")
        while session_id not in again.main.inbox_list.session_ids and again.inbox.has_more_pages:
            await again.inbox.load_more()
            await settle(pilot)
        assert again.main.inbox_list.highlighted_id == session_id


async def test_j_k_move_through_the_conversation_and_shift_j_k_move_to_the_next(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7", "slash", *"Olivia", "enter")  # a long conversation
        inbox_list = app.main.inbox_list
        first = inbox_list.highlighted_id
        await press(pilot, "enter")
        log = app.query_one(MessageLog)
        bottom = log.scroll_y
        assert bottom > 0
        await press(pilot, *["k"] * 15)  # the message cursor climbs past the top of the view
        assert log.scroll_y < bottom
        await press(pilot, "G")
        assert log.scroll_y == bottom
        assert inbox_list.highlighted_id == first  # j/k/g/G never moved the list
        await press(pilot, "escape", "escape", "1")
        first, second = inbox_list.session_ids[:2]
        inbox_list.select_id(first)
        await press(pilot, "enter", "J")
        assert app.main.open_id == second
        assert inbox_list.highlighted_id == second
        assert isinstance(app.focused, MessageLog)
        await press(pilot, "left_square_bracket")
        assert app.main.open_id == first
        await press(pilot, "K")
        assert app.main.open_id == first
        assert any("first conversation" in text for text in notices(app))


async def test_act_and_advance_on_the_last_row_stays_there(make_app, emulator: Emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        while app.inbox.has_more_pages:
            await app.inbox.load_more()
            await settle(pilot)
        await press(pilot, "G")
        inbox_list = app.main.inbox_list
        last = inbox_list.highlighted_id
        await press(pilot, "a")  # assign to me: the row stays in "all"
        assert emulator.world.conversations[last]["assigned"]["user_id"]
        assert inbox_list.highlighted_id == last


async def test_a_draft_is_marked_in_the_list(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.main.inbox_list
        session_id = inbox_list.highlighted_id
        assert "draft" not in row_text(inbox_list, session_id)
        await press(pilot, "enter", "r", *"half written")
        app.main.action_back()  # leaving the composer saves the draft
        await settle(pilot)
        assert isinstance(app.focused, MessageLog)
        assert "✎ draft" in row_text(inbox_list, session_id)
        await press(pilot, "r", "ctrl+a", "ctrl+k")
        assert app.query_one(Composer).text == ""
        await press(pilot, "escape")
        assert "draft" not in row_text(inbox_list, session_id)


async def test_namesakes_show_what_tells_them_apart(make_app, emulator: Emulator):
    first, second = list(emulator.world.conversations)[:2]
    for session_id, subject in ((first, "Refund for order 1"), (second, "Cannot log in")):
        meta = emulator.world.conversations[session_id]["meta"]
        meta["nickname"], meta["subject"] = "Pedro Santos", subject
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        inbox_list = app.main.inbox_list
        assert "Refund for order 1" in row_text(inbox_list, first)
        assert "Cannot log in" in row_text(inbox_list, second)
        unique = next(row for row in app.inbox.rows if row.session_id not in (first, second))
        if unique.meta.subject:
            assert unique.meta.subject not in row_text(inbox_list, unique.session_id)
