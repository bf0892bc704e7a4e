"""Hostile text (markup, escapes, controls, bidi, huge) through every content the app builds."""

from __future__ import annotations

import re

import pytest
from textual.content import Content

from crisp_tui.crisp.models import Conversation, Operator
from crisp_tui.inbox.store import OutboxItem
from crisp_tui.inbox.sync_health import SyncStatus
from crisp_tui.tui.render.row import RowContext, row_content, row_facts
from crisp_tui.tui.screens.confirm_send import ConfirmSendScreen
from crisp_tui.tui.screens.operator_picker import operator_option
from crisp_tui.tui.widgets.outbox_line import outbox_content
from crisp_tui.tui.widgets.status_bar import status_content
from crisp_tui.tui.widgets.view_bar import Tab, view_content
from tests.support.hostile import HostileCase, load_hostile_corpus

from .conftest import SIZE
from .pilot import press, settle

UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def assert_literal(content: Content) -> None:
    assert not UNSAFE.search(content.plain)
    for span in content.spans:
        assert "@click" not in str(span.style)
        assert "link" not in str(span.style)


def contents(value: object) -> list[Content]:
    conversation = Conversation.parse(
        {
            "session_id": "session_x",
            "meta": {"nickname": value, "email": value, "subject": value},
            "preview_message": {"excerpt": value, "from": "operator"},
            "last_message": value,
            "assigned": {"user_id": "op"},
            "unread": {"operator": 2},
        }
    )
    operator = Operator.parse({"details": {"user_id": "op", "first_name": value, "email": value}})
    context = RowContext("me", {"op": operator}, 0)  # a teammate's name shows twice
    item = OutboxItem(
        session_id="s", fingerprint=1, kind="reply", text=str(value), created_at=0, status="failed"
    )
    return [
        row_content(conversation, row_facts(conversation, context)),
        status_content(SyncStatus(error=str(value), website_name=str(value)), "", 0),
        view_content("open", str(value)),
        # A Crisp inbox's name (or a saved view's) is a tab's label.
        view_content(str(value), "", tabs=[Tab(str(value), str(value), str(value)[:4])]),
        outbox_content([item]),
        operator_option(operator, me="op", current="op").prompt,
    ]


@pytest.mark.parametrize("case", load_hostile_corpus(), ids=lambda case: case.id)
def test_every_content_stays_literal(case: HostileCase) -> None:
    for content in contents(case.value):
        assert_literal(content)


async def test_hostile_visitor_through_the_whole_app(make_app, emulator):
    quit_markup = "[@click=app.quit]quit[/] [/x] \x1b]0;owned\x07 \u202eevil"
    session_id = emulator.add_conversation(
        {"meta": {"nickname": quit_markup, "email": "a@b.example", "subject": quit_markup}},
        [{"type": "text", "from": "user", "origin": "chat", "content": quit_markup}],
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.open_conversation(session_id)
        await settle(pilot)
        await press(pilot, "v", "r", *"[@click=app.quit]", "ctrl+j")
        assert isinstance(app.screen, ConfirmSendScreen)
        await press(pilot, "escape", "escape", "escape", "question_mark", "escape")
        assert app.is_running
        assert app.query_one("#composer").text == "[@click=app.quit]"


async def test_a_failure_quoting_hostile_text_is_toasted_literally(make_app) -> None:
    app = make_app()
    hostile = "boom\x1b]52;c;c2VjcmV0\x07 [@click=app.quit]quit[/] \u202eevil"

    async def failing() -> None:
        raise RuntimeError(hostile)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.run_inbox("testing", failing, group="test")
        await settle(pilot)
        toast = next(n for n in app._notifications if "testing failed" in n.message)
        assert not UNSAFE.search(toast.message)
        assert "[@click=app.quit]quit[/]" in toast.message  # shown as text, never run
        assert app.is_running
