"""Snippets in the composer, against the emulator: `!name` at the start of a word, the picker,
the text filled in for the open conversation, and what reaches Crisp."""

from __future__ import annotations

from textual.widgets import Static

from crisp_tui.emulator import Emulator
from crisp_tui.tui.screens.confirm_send import ConfirmSendScreen
from crisp_tui.tui.screens.snippet_picker import SnippetPicker
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList
from tests.support.snippets import write_snippets

from .conftest import SIZE
from .pilot import notices, press, settle

SNIPPETS = '''\
[[snippet]]
name = "refund"
tags = ["billing"]
text = """
Hi {visitor.first_name}, your {data.plan} plan is refunded.{cursor}
The receipt goes to {visitor.email}. {operator.first_name}"""

[[snippet]]
name = "hello"
tags = ["greeting"]
text = "Hello {visitor.name}!"
'''


def add_visitor_without_email(emulator: Emulator) -> str:
    """A named visitor who left no email (a WhatsApp contact), newest in the inbox."""
    now = emulator.clock.now_ms()
    return emulator.add_conversation(
        {
            "session_id": "session_snippets_ada",
            "website_id": emulator.world.website_id,
            "state": "unresolved",
            "meta": {"nickname": "Ada Lovelace", "email": "", "data": {"plan": "pro"}},
            "unread": {"operator": 1, "visitor": 0},
            "created_at": now - 60_000,
            "updated_at": now,
        },
        [
            {
                "session_id": "session_snippets_ada",
                "type": "text",
                "from": "user",
                "origin": "chat",
                "content": "I was charged twice.",
                "fingerprint": 8_800_000_000,
                "timestamp": now,
            }
        ],
    )


async def test_bang_name_fills_in_the_snippet_and_warns_before_sending_a_placeholder(
    make_app, emulator
):
    write_snippets(SNIPPETS)
    session_id = add_visitor_without_email(emulator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.query_one(InboxList).highlighted_id == session_id
        await press(pilot, "enter", "r", *"Sorry! ")  # a `!` inside a word is only a `!`
        composer = app.query_one(Composer)
        assert not isinstance(app.screen, SnippetPicker)
        await press(pilot, "!")
        assert isinstance(app.screen, SnippetPicker)
        await press(pilot, *"ref", "enter")
        expected = (
            "Sorry! Hi Ada, your pro plan is refunded.\nThe receipt goes to {visitor.email}. "
        )
        assert composer.text == expected + "Alice"
        assert composer.cursor_location == (0, len("Sorry! Hi Ada, your pro plan is refunded."))
        assert "1 placeholder has no value: {visitor.email}: replace before sending." in (
            notices(app)
        )
        await press(pilot, *" Done.", "ctrl+j")
        confirm = app.screen
        assert isinstance(confirm, ConfirmSendScreen)
        warning = str(confirm.query_one("#confirm-unfilled", Static).render())
        assert "1 placeholder has no value: {visitor.email}" in warning
        await press(pilot, "y")
        posted = [p["content"] for p in emulator.stats.posted if p["session_id"] == session_id]
        assert posted == [
            "Sorry! Hi Ada, your pro plan is refunded. Done.\n"
            "The receipt goes to {visitor.email}. Alice"
        ]


async def test_escape_keeps_what_was_typed_and_the_binding_opens_the_picker(make_app, emulator):
    write_snippets(SNIPPETS)
    session_id = add_visitor_without_email(emulator)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "r", "!", *"wow", "escape")
        composer = app.query_one(Composer)
        assert (composer.text, app.focused) == ("!wow", composer)
        await press(pilot, " ", "!", " ")  # `! `: punctuation, the picker gets out of the way
        assert (composer.text, app.screen) == ("!wow ! ", app.main)
        await press(pilot, "escape", "ctrl+n")  # from the conversation: to the composer
        picker = app.screen
        assert isinstance(picker, SnippetPicker) and not picker.typing
        await press(pilot, *"hel")  # on the list, typing starts the filter
        assert picker.typed == "hel"
        await press(pilot, "enter")  # at the cursor
        assert composer.text == "!wow ! Hello Ada Lovelace!"
        await press(pilot, "escape")
        assert app.inbox.draft(session_id, "reply") == "!wow ! Hello Ada Lovelace!"
