"""`o` and `y` hand text to the outside world and say what they did, showing the text too."""

from __future__ import annotations

import pytest

from crisp_tui.emulator import Emulator
from crisp_tui.tui.screens.link_picker import LinkPicker
from crisp_tui.tui.widgets.inbox_list import InboxList

from .conftest import SIZE
from .pilot import notices, press, settle


def conversation_with_a_file(emulator: Emulator) -> str:
    return next(
        session_id
        for session_id, messages in emulator.world.messages.items()
        if any(message["type"] == "file" for message in messages[-20:])
    )


@pytest.fixture
def over_ssh(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "203.0.113.9 50000 198.51.100.2 22")


async def test_o_without_a_browser_shows_and_copies_the_link(make_app, emulator, over_ssh):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.open_conversation(conversation_with_a_file(emulator))
        await settle(pilot)
        await press(pilot, "o")
        assert isinstance(app.screen, LinkPicker)
        hint = str(app.screen.query_one("#picker-hint").render())
        assert "shows and copies it (no browser here)" in hint
        url = app.screen.urls[0]
        await press(pilot, "enter")
        assert app.clipboard == url
        said = notices(app)[-1]
        assert "No browser here" in said and "OSC 52" in said and url in said


async def test_o_with_a_console_browser_that_cannot_have_the_terminal_says_so(
    make_app, emulator, over_ssh, monkeypatch
):
    monkeypatch.setenv("BROWSER", "w3m")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:  # a test terminal cannot be suspended
        await settle(pilot)
        app.main.open_conversation(conversation_with_a_file(emulator))
        await settle(pilot)
        await press(pilot, "o")
        url = app.screen.urls[0]
        await press(pilot, "enter")
        said = notices(app)[-1]
        assert "Could not run $BROWSER" in said and url in said
        assert app.clipboard == url


async def test_y_says_where_the_email_went_and_shows_it(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = next(r for r in app.inbox.rows if r.meta.email)
        app.query_one(InboxList).select_id(row.session_id)
        await press(pilot, "y")
        said = notices(app)[-1]
        assert "sent to the terminal clipboard (OSC 52)" in said
        assert row.meta.email in said
