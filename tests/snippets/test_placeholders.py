"""Placeholders filled in from a conversation and the agent's operator profile."""

from __future__ import annotations

from crisp_tui.crisp.models import Conversation, Operator
from crisp_tui.snippets import expand, placeholder_values, unfilled
from crisp_tui.snippets.placeholders import missing_sentence


def conversation(**meta: object) -> Conversation:
    return Conversation.parse({"session_id": "session_1", "meta": meta})


OPERATOR = Operator.parse({"details": {"user_id": "op1", "first_name": "Alice", "last_name": "M"}})


def test_every_placeholder_takes_its_value():
    values = placeholder_values(
        conversation(
            nickname="Ada Lovelace",
            email="ada@example.com",
            phone="+44 20",
            subject="Invoice",
            data={"plan": "pro", "orders": 3, "beta": True, "nested": {"x": 1}, "empty": ""},
        ),
        OPERATOR,
    )
    assert values == {
        "visitor.name": "Ada Lovelace",
        "visitor.first_name": "Ada",
        "visitor.email": "ada@example.com",
        "visitor.phone": "+44 20",
        "conversation.subject": "Invoice",
        "data.plan": "pro",
        "data.orders": "3",
        "data.beta": "true",
        "operator.first_name": "Alice",
    }


def test_a_chatbox_nickname_or_a_missing_profile_gives_no_value():
    assert placeholder_values(conversation(nickname="visitor493603"), None) == {}
    assert placeholder_values(None, Operator.parse({"details": {"email": "bo@x.io"}})) == {
        "operator.first_name": "bo@x.io"
    }


def test_values_from_crisp_are_one_plain_line():
    values = placeholder_values(
        conversation(nickname="\x1b]0;pwned\x07Eve\nEvil [@click=app.quit]", email="e\u202e@x"),
        None,
    )
    assert values["visitor.name"] == "Eve Evil [@click=app.quit]"
    assert values["visitor.first_name"] == "Eve"
    assert values["visitor.email"] == "e@x"


def test_expansion_fills_in_keeps_missing_placeholders_and_places_the_cursor():
    template = "Hi {visitor.first_name},\n{cursor}\nWe write to {visitor.email} on {data.plan}."
    filled = expand(template, {"visitor.first_name": "Ada", "data.plan": "{visitor.name}"})
    assert filled.text == "Hi Ada,\n\nWe write to {visitor.email} on {visitor.name}."
    assert filled.cursor == len("Hi Ada,\n")
    assert filled.missing == ("visitor.email",)  # a value is never expanded again
    assert expand("No mark {x", {}).cursor == len("No mark {x")


def test_the_placeholders_left_in_a_draft_are_found_before_sending():
    draft = "Hi {visitor.first_name}, see {data.plan} and {visitor.first_name}; {not one} {x.y}"
    assert unfilled(draft) == ("visitor.first_name", "data.plan")
    assert missing_sentence(("visitor.email",)) == "1 placeholder has no value: {visitor.email}"
    assert missing_sentence(("a.b", "data.c")) == "2 placeholders have no value: {a.b}, {data.c}"
    assert missing_sentence(()) == ""
