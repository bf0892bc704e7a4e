from __future__ import annotations

from crisp_tui.tui.render import styles
from crisp_tui.tui.render.conversation_header import conversation_header

from .samples import ME, NOW, OPERATORS, conversation


def test_header_says_who_and_where_the_conversation_stands() -> None:
    header = conversation_header(
        conversation(), operators=OPERATORS, me=ME, origin="email", now=NOW
    )
    assert header.plain.splitlines() == [
        "Alice Martin · alice@example.com · +33 6 12 34 56 78",
        "UNRESOLVED · assigned to Jane Doe · via email · @ mentioned · waiting 12m",
        "Subject Order #4521 missing",
    ]
    state = next(
        span for span in header.spans if header.plain[span.start : span.end] == "UNRESOLVED"
    )
    assert state.style == styles.STATE["unresolved"]


def test_header_without_details() -> None:
    bare = conversation(nickname="", email="", phone="", subject="")
    assert conversation_header(bare).plain.splitlines() == [
        "Visitor",
        "UNRESOLVED · assigned to op_jane · via chat",
    ]


def test_email_is_not_repeated_when_it_is_the_name() -> None:
    header = conversation_header(conversation(nickname="", phone=""))
    assert header.plain.splitlines()[0] == "alice@example.com"


def test_assigned_to_me_and_unassigned() -> None:
    mine = conversation_header(conversation(), me=OPERATORS[0])
    assert "assigned to you" in mine.plain
    unassigned = conversation().__class__.parse({"state": "resolved"})
    assert "RESOLVED · unassigned" in conversation_header(unassigned).plain


def test_channel_origin_is_named() -> None:
    header = conversation_header(conversation(), origin="urn:crisp.im:messenger:0")
    assert "via messenger" in header.plain
