from __future__ import annotations

import pytest
from textual.content import Content

from crisp_tui.tui.render import styles
from crisp_tui.tui.render.layout import body_rows, decorate, header_row, margin_for, separator
from crisp_tui.tui.render.messages import (
    event_line,
    message_body,
    message_header,
    message_links,
    message_side,
    origin_label,
)

from .samples import AUDIO, CAROUSEL, EVENT, FIELD, FILE, PICKER, message, operator_reply


def body(type_: str, content: object) -> str:
    return message_body(message(type_, content)).plain


def test_text_is_shown_literally() -> None:
    assert body("text", "Hi [@click=app.quit]quit[/] [/x]") == "Hi [@click=app.quit]quit[/] [/x]"
    assert body("text", "  ") == "(empty message)"


def test_file_shows_name_type_and_url() -> None:
    text = body("file", FILE)
    assert "File invoice-4521.pdf (application/pdf)" in text
    assert text.endswith("\nhttps://files.example.com/i/4521.pdf")


def test_a_link_we_would_not_open_is_flagged() -> None:
    text = body("file", {**FILE, "url": "javascript:alert(1)"})
    assert "javascript:alert(1) (not a web link)" in text
    assert body("file", {"name": "x"}).endswith("(no link)")


def test_animation_shows_its_url() -> None:
    assert "Animation (image/gif)\nhttps://media.example.com/thanks.gif" in body(
        "animation", {"url": "https://media.example.com/thanks.gif", "type": "image/gif"}
    )


def test_audio_shows_duration_as_minutes_and_seconds() -> None:
    assert body("audio", AUDIO).startswith("Audio message 1:05 (audio/webm)\nhttps://")
    assert body("audio", {**AUDIO, "duration": None}).startswith("Audio message (audio/webm)")


def test_picker_marks_the_chosen_answer() -> None:
    lines = body("picker", PICKER).splitlines()
    assert lines == ["How was our help?", "  ● Great  chosen", "  ○ Not great"]
    unchosen = {**PICKER, "choices": [{"value": "a", "label": "A"}]}
    assert body("picker", unchosen).splitlines()[-1] == "  (nothing chosen yet)"


def test_field_shows_question_explanation_and_value() -> None:
    assert body("field", FIELD).splitlines() == [
        "What is your email?",
        "We reply there",
        "Answer: alice@example.com",
    ]
    assert body("field", {**FIELD, "value": ""}).endswith("Answer: (not answered yet)")


def test_carousel_lists_targets_and_actions() -> None:
    text = body("carousel", CAROUSEL)
    for part in ("Pick a plan", "▸ Pro", "For teams", "[Choose Pro] https://example.com/pro"):
        assert part in text
    assert text.index("Pro") < text.index("Free")


def test_event_is_a_system_line_with_its_time() -> None:
    event = message("event", EVENT, minutes_ago=0)
    assert message_side(event) == "system"
    assert event_line(event).plain == "Conversation marked as resolved · 15:00"
    assert body("event", {"namespace": "state:resolved"}) == "Conversation resolved"
    reminder = {"namespace": "reminder:scheduled", "text": "Conversation event"}
    assert body("event", reminder) == "Reminder scheduled"  # what happened, not "event"


def test_unknown_type_is_shown_as_such_with_an_excerpt() -> None:
    text = body("poll", {"question": "Which day?" * 100})
    first, excerpt = text.split("\n")
    assert first == "[unsupported message type: poll]"
    assert excerpt.startswith('{"question": "Which day?')
    assert len(excerpt) <= 200


def test_known_type_with_unusable_content_is_called_malformed() -> None:
    assert body("file", "not an object").startswith("[malformed file message]")


def test_visitor_header_names_the_visitor() -> None:
    visitor = message(minutes_ago=0)
    assert message_side(visitor) == "visitor"
    assert message_header(visitor, visitor_name="Alice").plain == "Alice · 15:00"
    assert message_header(visitor).plain == "Visitor · 15:00"


@pytest.mark.parametrize(
    ("flags", "mark"),
    [
        ({"read": True, "delivered": True}, "✓✓ read"),
        ({"delivered": True}, "✓ delivered"),
        ({}, "sent"),
    ],
)
def test_our_replies_carry_delivery_marks(flags: dict[str, bool], mark: str) -> None:
    reply = operator_reply("Hi", minutes_ago=0, **flags)
    assert message_side(reply) == "operator"
    assert message_header(reply).plain == f"Jane Doe · 15:00 · {mark}"


def test_visitor_messages_carry_no_delivery_mark() -> None:
    assert "✓" not in message_header(message(read=True, delivered=True)).plain


def test_private_note_is_labelled() -> None:
    note = message("note", "secret", sender="operator", minutes_ago=0, user={"nickname": "Jane"})
    assert message_side(note) == "note"
    assert message_header(note).plain == "PRIVATE NOTE · Jane · 15:00"


def test_header_flags_and_origin() -> None:
    flagged = message(minutes_ago=0, edited=True, translated=True, automated=True, origin="email")
    assert message_header(flagged, visitor_name="Al").plain == (
        "Al · 15:00 · via email · edited · translated · automated"
    )


@pytest.mark.parametrize(
    ("origin", "label"),
    [("chat", "chat"), ("email", "email"), ("urn:crisp.im:whatsapp:0", "whatsapp"), ("", "chat")],
)
def test_origin_label(origin: str, label: str) -> None:
    assert origin_label(origin) == label


def test_links_are_safe_urls_from_every_kind_of_message() -> None:
    text = message("text", "See https://a.example/x?y=1, or (https://b.example/z). javascript:x")
    assert message_links(text) == ["https://a.example/x?y=1", "https://b.example/z"]
    assert message_links(message("file", FILE)) == [FILE["url"]]
    assert message_links(message("carousel", CAROUSEL)) == [
        "https://example.com/pro",
        "https://example.com/free",
    ]
    assert message_links(message("file", {**FILE, "url": "javascript:alert(1)"})) == []


# --- layout -----------------------------------------------------------------------------------


def test_operator_rows_are_indented_and_tinted_visitor_rows_are_not() -> None:
    width = 60
    reply = decorate("operator", Content("Hi"), width)
    assert reply.cell_length == width
    assert reply.plain.startswith(" " * margin_for(width) + "▌ Hi")
    assert any(span.style == styles.OPERATOR_BLOCK for span in reply.spans)
    visitor = decorate("visitor", Content("Hi"), width)
    assert visitor.plain.startswith("▌ Hi")
    assert visitor.cell_length == width - margin_for(width)


def test_note_rows_sit_on_the_warning_background() -> None:
    row = decorate("note", Content("secret"), 40)
    tint = (margin_for(40), 40, styles.NOTE_BLOCK)
    assert tint in [(span.start, span.end, span.style) for span in row.spans]


def test_body_wraps_beside_the_bar_and_the_header_is_cut() -> None:
    rows = body_rows("visitor", Content("word " * 40), 40)
    assert len(rows) > 1
    assert all(row.cell_length <= 40 - margin_for(40) - 2 for row in rows)
    assert header_row(Content("x" * 100), 40).plain.endswith("…")


def test_system_rows_are_centred() -> None:
    (row,) = body_rows("system", Content("resolved"), 20)
    assert row.plain == "      resolved"


def test_separator_spans_the_width() -> None:
    line = separator("Today", 30)
    assert line.cell_length == 30
    assert " Today " in line.plain
