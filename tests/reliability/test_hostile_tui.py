"""DESIGN §7 end to end: the corpus, served by the emulator in every field, through the real app.

Each chunk of the corpus is one app run that opens every hostile conversation with the visitor
panel shown and its links listed: no exception, nothing clickable or linked, no escape, C1 or
bidi byte reaching the terminal, and the inbox list and the conversation still on screen.
"""

from __future__ import annotations

import pytest

from crisp_tui.tui.screens.picker import PickerScreen
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog
from crisp_tui.tui.widgets.visitor_panel import VisitorPanel

from .apps import emulator_for, screen_problems, settings_for, settle, started, tui_for
from .hostile_world import CASES, add_hostile_world

CHUNKS = 2
SIZE = (150, 30)  # wide enough for the list, the messages and the visitor panel at once


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(CHUNKS), ids=lambda chunk: f"chunk{chunk}")
async def test_every_hostile_conversation_opens_safely(chunk: int, tmp_path) -> None:
    emulator_app = emulator_for(messages_batch=500)
    hostile = add_hostile_world(emulator_app.state.emulator, CASES[chunk::CHUNKS])
    app = tui_for(emulator_app, tmp_path / "store.sqlite3", settings_for(emulator_app))
    problems: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("7", "v")  # every state (wrong types have none); the visitor panel
        await settle(pilot)
        while app.inbox.has_more_pages:
            await app.inbox.load_more()
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        for conversation in hostile:
            # What enter on the row does, without Textual's 40 ms idle wait per key press.
            assert inbox_list.select_id(conversation.session_id), conversation
            app.main.action_open()
            await settle(pilot)
            log = app.query_one(MessageLog)
            assert log.messages, conversation
            assert inbox_list.region.width > 0 and log.region.width > 0, conversation
            assert app.query_one(VisitorPanel).region.width > 0, conversation
            problems += [f"{conversation}: {p}" for p in screen_problems(app)]
            app.main.action_open_link()  # the link picker shows each URL in full, as text
            await settle(pilot)
            if isinstance(app.screen, PickerScreen):
                problems += [f"{conversation} links: {p}" for p in screen_problems(app)]
                app.screen.action_cancel()
                await settle(pilot)
        await pilot.press("escape", "j", "enter")
        await settle(pilot)
        assert app.is_running and app.return_code is None
    assert problems == []
