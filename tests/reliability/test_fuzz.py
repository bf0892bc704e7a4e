"""Hypothesis past the parsers (tests/crisp/test_models.py fuzzes those): any JSON Crisp could
send, once parsed, renders safely in the scripting commands and the app, and fits in the store."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crisp_tui.commands import render
from crisp_tui.crisp.models import Conversation, Message
from crisp_tui.inbox.store import Store
from crisp_tui.tui.render.layout import body_rows, decorate, header_row
from crisp_tui.tui.render.messages import (
    event_line,
    message_body,
    message_header,
    message_links,
    message_side,
)
from tests.crisp.test_models import CONVERSATION_KEYS, MESSAGE_KEYS, json_values, shaped
from tests.tui.render.hostile_data import assert_terminal_safe

# What a terminal would act on in plain output: C0 but \n, DEL, C1, bidi controls, surrogates.
UNSAFE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
TYPES = ["text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event"]
CONTENT_KEYS = ["name", "url", "type", "duration", "id", "text", "explain", "value", "namespace"]
NESTED = {
    "choices": st.lists(shaped(["value", "label", "selected"]) | json_values, max_size=3),
    "targets": st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "title": json_values,
                "description": json_values,
                "actions": st.lists(shaped(["label", "url"]) | json_values, max_size=3),
            },
        )
        | json_values,
        max_size=3,
    ),
}
contents = st.one_of(
    json_values,
    st.fixed_dictionaries({}, optional={**dict.fromkeys(CONTENT_KEYS, json_values), **NESTED}),
)
# Any int64 in milliseconds, far past what datetime holds (year 10000, before year 1).
times = st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.sampled_from([0, 2**53])
messages = st.builds(
    lambda raw, kind, content, ms: Message.parse(
        {"timestamp": ms} | raw | {"type": kind, "content": content}
    ),
    shaped(MESSAGE_KEYS),
    st.sampled_from(TYPES) | st.text(max_size=8),
    contents,
    times,
)
conversations = st.builds(
    lambda raw, created, updated, waiting: Conversation.parse(
        {"created_at": created, "updated_at": updated, "waiting_since": waiting} | raw
    ),
    shaped(CONVERSATION_KEYS),
    times,
    times,
    times,
) | st.builds(Conversation.parse, json_values)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_plain_safe(text: str) -> None:
    bad = UNSAFE.search(text)
    assert bad is None, f"{bad[0]!r} in {text[max(0, bad.start() - 30) : bad.end() + 30]!r}"


@pytest.mark.slow
@FUZZ
@given(st.lists(messages, min_size=1, max_size=4))
def test_cli_renders_any_messages(items: list[Message]) -> None:
    assert_plain_safe(render.messages(items))


@FUZZ
@given(st.lists(conversations, min_size=1, max_size=3), times, st.integers(1, 300))
def test_cli_renders_any_conversation(items: list[Conversation], now_ms: int, width: int) -> None:
    assert_plain_safe(render.conversations(items, now_ms, width))
    for item in items:
        assert_plain_safe(render.conversation(item, now_ms))


@pytest.mark.slow
@FUZZ
@given(
    messages,
    st.text(max_size=20),
    st.integers(1, 200),
)
def test_app_renders_any_message(message: Message, visitor_name: str, width: int) -> None:
    side = message_side(message)
    header = message_header(message, visitor_name=visitor_name)
    body = event_line(message) if side == "system" else message_body(message)
    rows = [header_row(header, width), *body_rows(side, body, width)]
    for content in (header, body, *(decorate(side, row, width) for row in rows)):
        assert_terminal_safe(content)
    for url in message_links(message):
        assert_plain_safe(url)


@settings(FUZZ, max_examples=30)  # a store per example: schema, FTS, migrations
@given(conversations, st.lists(messages, max_size=4))
def test_the_store_keeps_anything_parsed(conversation: Conversation, items: list[Message]) -> None:
    with Store.in_memory() as store:
        store.upsert_conversations([conversation])
        store.upsert_messages("session", items)
        if conversation.session_id:
            assert store.conversation(conversation.session_id) is not None
        assert len(store.messages("session")) == len({message.fingerprint for message in items})
