"""Keys that arrive together (a paste, fast typing over ssh, tmux send-keys) act where the keys
before them moved the focus: nothing typed is lost or runs a list action by accident."""

from __future__ import annotations

from textual import events

from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import burst, settle


def states(emulator) -> dict[str, str]:
    return {sid: talk["state"] for sid, talk in emulator.world.conversations.items()}


async def test_keys_typed_with_a_focus_key_go_where_it_moved_the_focus(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        first = inbox_list.highlighted_id
        view, before = app.inbox.view.name, states(emulator)

        # r opens the composer: "Hello" is typed there, not h (view), e (resolve), o (link)…
        await burst(pilot, "r", *"Hello")
        composer = app.query_one(Composer)
        assert app.screen is app.main and app.focused is composer
        assert composer.text == "Hello"
        assert app.main.open_id == first and app.inbox.view.name == view
        assert states(emulator) == before

        # escape leaves the composer for the messages (j moves their cursor), escape again
        # goes to the list (j moves it down); nothing reaches the draft.
        row = inbox_list.highlighted
        await burst(pilot, "escape", "j", "escape", "j")
        assert composer.text == "Hello" and app.inbox.draft(first, "reply") == "Hello"
        assert app.query_one(MessageLog).selected_message is not None
        assert app.focused is inbox_list and inbox_list.highlighted == row + 1

        # / opens the search line: "refund" is the search, not r (reply), e (resolve)…
        await burst(pilot, "slash", *"refund")
        assert app.focused is app.main.query_one("#search")
        assert app.focused.value == "refund"
        assert states(emulator) == before

        # alt+letter still leaves the composer and presses the letter; what follows it goes
        # where that letter left the focus.
        await burst(pilot, "escape", "escape", "r", "alt+k", "j")
        assert app.focused is app.query_one(MessageLog)
        assert composer.text == "Hello"

        # f opens the find line (mounted on first use): "the" is found, not t, h (view), e…
        await burst(pilot, "f", *"the")
        assert app.focused.id == "find-input" and app.focused.value == "the"
        assert app.inbox.view.name == view and states(emulator) == before

        # enter on the list opens the highlighted conversation: j moves in its messages; a
        # paste after r lands in its composer.
        await burst(pilot, "escape", "escape", "escape", "enter", "j")
        second = inbox_list.highlighted_id
        assert app.main.open_id == second != first and app.focused is app.query_one(MessageLog)
        assert app.query_one(MessageLog).selected_message is not None
        await burst(pilot, "r", events.Paste("Pasted"))
        assert app.focused is composer and composer.text == "Pasted"
        assert app.inbox.draft(first, "reply") == "Hello"
