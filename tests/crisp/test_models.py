"""Lenient parsing: any JSON gives a model or a typed error, never a crash."""

from __future__ import annotations

import contextlib
import json

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crisp_tui.crisp import errors
from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.crisp.models import (
    AudioContent,
    Conversation,
    FileContent,
    Message,
    Operator,
    PickerContent,
    UnknownContent,
    Website,
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=25,
)
CONVERSATION_KEYS = [
    "session_id",
    "state",
    "meta",
    "unread",
    "assigned",
    "active",
    "mentions",
    "preview_message",
    "updated_at",
    "waiting_since",
    "created_at",
    "inbox_id",
]
MESSAGE_KEYS = [
    "type",
    "from",
    "origin",
    "content",
    "fingerprint",
    "timestamp",
    "read",
    "delivered",
    "user",
    "mentions",
    "edited",
]


def shaped(keys: list[str]) -> st.SearchStrategy[dict]:
    """Dicts with the real keys holding values of any type (wrong types in every field)."""
    return st.dictionaries(st.sampled_from(keys), json_values, max_size=len(keys))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, shaped(CONVERSATION_KEYS)))
def test_conversation_parse_never_raises(raw):
    conversation = Conversation.parse(raw)
    assert conversation.state in ("pending", "unresolved", "resolved")
    assert isinstance(conversation.display_name, str)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(
    st.one_of(json_values, shaped(MESSAGE_KEYS)),
    st.sampled_from(
        ["text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event", "x"]
    ),
)
def test_message_parse_never_raises(raw, message_type):
    if isinstance(raw, dict):
        raw = {**raw, "type": message_type}
    message = Message.parse(raw)
    assert isinstance(message.fingerprint, int)


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_operator_and_website_parse_never_raise(raw):
    Operator.parse(raw)
    Website.parse(raw)


def client_answering(body: bytes, status: int = 200) -> CrispClient:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    return CrispClient(
        Credentials("w", "id", "key"), api_url="http://crisp.test/v1", transport=transport
    )


@settings(max_examples=150, deadline=None)
@given(json_values)
async def test_client_turns_any_json_into_a_model_or_a_malformed_error(raw):

    body = json.dumps({"error": False, "reason": "resolved", "data": raw}).encode()
    async with client_answering(body) as client:
        for call in (
            client.list_conversations,
            client.list_operators,
            client.get_website,
            lambda: client.get_conversation("s"),
            lambda: client.get_messages("s"),
        ):
            with contextlib.suppress(errors.MalformedResponseError):
                await call()


@pytest.mark.parametrize("body", [b"", b"<html>502</html>", b"[1,2]", b"\xff\xfe", b"null"])
async def test_garbage_bodies_are_malformed_responses(body):
    async with client_answering(body) as client:
        with pytest.raises(errors.MalformedResponseError):
            await client.list_conversations()


def test_every_message_type_has_its_content_model():
    file = Message.parse(
        {
            "type": "file",
            "content": {"name": "a.pdf", "url": "https://x/a.pdf", "type": "application/pdf"},
        }
    )
    assert file.content == FileContent("a.pdf", "https://x/a.pdf", "application/pdf")
    audio = Message.parse({"type": "audio", "content": {"url": "u", "type": "t", "duration": 62}})
    assert audio.content == AudioContent("u", "t", 62)
    picker = Message.parse(
        {
            "type": "picker",
            "content": {
                "id": "p",
                "text": "Pick",
                "choices": [{"value": "a", "label": "A", "selected": True}, "junk"],
            },
        }
    )
    assert isinstance(picker.content, PickerContent)
    assert [c.label for c in picker.content.choices] == ["A"]
    future = Message.parse({"type": "sticker", "content": {"id": 7}})
    assert future.type == "sticker" and future.content == UnknownContent({"id": 7})


def test_empty_strings_mean_not_set_and_big_fingerprints_survive():
    conversation = Conversation.parse(
        {"session_id": "s", "assigned": {"user_id": ""}, "meta": {"nickname": "", "email": "a@b.c"}}
    )
    assert conversation.assigned_user_id is None
    assert conversation.display_name == "a@b.c"
    message = Message.parse({"fingerprint": 2**62 + 5, "read": "chat", "delivered": ""})
    assert message.fingerprint == 2**62 + 5
    assert message.read and not message.delivered
