"""Modals honour the app's keys: the operator picker moves with j/k/g/G, filters as the agent
types, shows who is available and who has the conversation now."""

from __future__ import annotations

from textual.geometry import Region

from crisp_tui.tui.screens.confirm_send import ConfirmDiscardScreen
from crisp_tui.tui.screens.operator_picker import CURRENT, OperatorPicker
from crisp_tui.tui.screens.segments_editor import SegmentsEditor
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.key_bar import KeyBar

from .conftest import SIZE
from .pilot import press, settle


def picker_state(app) -> tuple[list[str], str | None]:
    options = app.screen.option_list
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    return ids, options.highlighted_option.id if options.highlighted_option else None


async def test_the_operator_picker_moves_filters_and_marks_the_assignee(make_app, emulator, me):
    operators = [op["details"] for op in emulator.world.operators]
    chen = next(op["user_id"] for op in operators if op["first_name"] == "Chen")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.query_one(InboxList).highlighted_id
        await app.inbox.assign(session_id, chen)
        await settle(pilot)
        await press(pilot, "A")
        assert isinstance(app.screen, OperatorPicker)
        ids, highlighted = picker_state(app)
        assert highlighted == chen  # the cursor starts on who has it now
        chen_row = str(app.screen.option_list.get_option_at_index(ids.index(chen)).prompt)
        assert chen_row.startswith(CURRENT) and "◐ away" in chen_row
        assert "Pick" in app.screen.query_one(KeyBar).render().plain
        await press(pilot, "g")
        assert picker_state(app)[1] == ids[0]
        await press(pilot, "j", "j")
        assert picker_state(app)[1] == ids[2]
        await press(pilot, "k")
        assert picker_state(app)[1] == ids[1]
        await press(pilot, "G")
        assert picker_state(app)[1] == ids[-1]
        await press(pilot, "d", "a", "n")  # type-to-filter: Dana
        shown, highlighted = picker_state(app)
        dana = next(op["user_id"] for op in operators if op["first_name"] == "Dana")
        assert shown == [dana] and highlighted == dana
        await press(pilot, "enter")
        assert not isinstance(app.screen, OperatorPicker)
        assert emulator.world.conversations[session_id]["assigned"]["user_id"] == dana


async def test_escape_leaves_the_filter_then_the_picker(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "A", "slash", "z", "z", "z")
        assert picker_state(app)[0] == []
        await press(pilot, "escape")
        assert isinstance(app.screen, OperatorPicker)
        await press(pilot, "escape")
        assert not isinstance(app.screen, OperatorPicker)


def centred(region: Region, screen: Region) -> bool:
    """Within a cell of the middle of `screen`, both ways."""
    return (
        abs(region.x - (screen.right - region.right)) <= 1
        and abs(region.y - (screen.bottom - region.bottom)) <= 1
    )


async def test_the_discard_confirmation_and_the_segments_editor_are_centred(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "r", "x", "escape", "D")
        assert isinstance(app.screen, ConfirmDiscardScreen)
        assert centred(app.screen.query_one("#confirm-dialog").region, app.screen.region)
        await press(pilot, "n", "number_sign")
        assert isinstance(app.screen, SegmentsEditor)
        assert centred(app.screen.query_one("#picker-dialog").region, app.screen.region)
