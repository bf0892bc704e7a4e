"""DESIGN §7: every hostile payload, in every field, renders literally and never crashes."""

from __future__ import annotations

import pytest
from textual.content import Content

from crisp_tui.tui.render.conversation_header import conversation_header
from crisp_tui.tui.render.layout import body_rows, decorate, header_row
from crisp_tui.tui.render.messages import (
    event_line,
    message_body,
    message_header,
    message_links,
    message_side,
)
from crisp_tui.tui.render.visitor import OtherConversation, visitor_profile
from crisp_tui.tui.safe_text import clean
from tests.support.hostile import HostileCase, load_hostile_corpus

from .hostile_data import (
    UNSAFE,
    assert_terminal_safe,
    hostile_conversation,
    hostile_messages,
    hostile_operator,
)
from .samples import NOW

CORPUS = load_hostile_corpus()
WIDTH = 50
MAX_RENDERED = 25_000  # a 1 MB payload is folded, never rendered whole


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_messages_render_safely(case: HostileCase) -> None:
    name = clean(case.value, single_line=True)
    for message in hostile_messages(case.value):
        side = message_side(message)
        header = message_header(message, visitor_name=name)
        body = event_line(message) if side == "system" else message_body(message)
        rows = [header_row(header, WIDTH), *body_rows(side, body, WIDTH)]
        for content in (header, body, *(decorate(side, row, WIDTH) for row in rows)):
            assert_terminal_safe(content)
            assert len(content.plain) < MAX_RENDERED
        for url in message_links(message):
            assert not UNSAFE.search(url) and " " not in url


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.id)
def test_conversation_and_visitor_render_safely(case: HostileCase) -> None:
    conversation = hostile_conversation(case.value)
    operator = hostile_operator(case.value)
    origin = case.value if isinstance(case.value, str) else "chat"
    rendered: list[Content] = [
        conversation_header(
            conversation, operators=[operator], me=operator, origin=origin, now=NOW
        ),
        visitor_profile(conversation, others=[OtherConversation(origin, origin)] * 3, now=NOW),
    ]
    for content in rendered:
        assert_terminal_safe(content)
        assert len(content.plain) < MAX_RENDERED
