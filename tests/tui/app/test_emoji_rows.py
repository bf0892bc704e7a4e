"""Rows of the list with emoji-sequence names (issue #13 item 20): every rendered line has the
width Textual laid out for it in any terminal, so no border glyph is pushed or left behind."""

from __future__ import annotations

from rich.cells import cell_len

from crisp_tui.emulator import Emulator
from tests.test_emoji_widths import NAMES, per_character_width

from .conftest import SIZE
from .pilot import settle


async def test_list_rows_and_the_header_keep_their_width(make_app, emulator: Emulator):
    named = dict(zip(emulator.world.conversations, NAMES.values(), strict=False))
    for session_id, name in named.items():
        emulator.world.conversations[session_id]["meta"]["nickname"] = name
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.main.inbox_list
        shown = [session_id for session_id in inbox_list.session_ids if session_id in named]
        assert len(shown) >= 3
        for session_id in shown:
            lines = str(inbox_list.get_option(session_id).prompt).split("\n")
            assert all(cell_len(line) == per_character_width(line) for line in lines), lines
        app.main.open_conversation(shown[0])
        await settle(pilot)
        header = str(app.screen.query_one("#conversation-header").render()).split("\n")
        assert all(cell_len(line) == per_character_width(line) for line in header), header
