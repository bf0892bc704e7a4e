"""The presentation module: one spelling of times, states, people and events for the TUI and CLI."""

from __future__ import annotations

import dataclasses
import time

import pytest

from crisp_tui.crisp.models import Conversation, Message, PreviewMessage
from crisp_tui.present import (
    age,
    assignee_label,
    clock_time,
    day_label,
    duration,
    event_label,
    last_author,
    media_duration,
    now_local,
    preview_text,
    utc_offset_label,
    visitor_local_time,
)
from tests.tui.render.samples import NOW, OPERATORS, at

TODAY = now_local(NOW)
BY_ID = {op.user_id: op for op in OPERATORS}


def test_clock_time_is_local_hours_and_minutes() -> None:
    assert clock_time(at(0)) == "15:00"


def test_local_time_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    time.tzset()
    try:
        assert clock_time(at(0)) == "20:30"
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


@pytest.mark.parametrize(
    ("minutes_ago", "label"),
    [(0, "Today"), (15 * 60, "Today"), (15 * 60 + 1, "Yesterday"), (3 * 24 * 60, "Sat 9 Mar 2024")],
)
def test_day_label(minutes_ago: int, label: str) -> None:
    assert day_label(at(minutes_ago), TODAY) == label


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (65, "1:05"), (600, "10:00"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_media_duration(seconds: int, text: str) -> None:
    assert media_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (-5, "now"),
        (59, "now"),
        (60, "1m"),
        (3600 + 300, "1h05m"),
        (90000, "1d01h"),
        (6 * 86400 + 23 * 3600, "6d23h"),
        (11 * 86400 + 17 * 3600, "11d"),  # the list and the header once said "1w" and "11d17h"
    ],
)
def test_duration_has_one_spelling(seconds: float, text: str) -> None:
    assert duration(seconds) == text
    assert age(int((NOW - seconds) * 1000), NOW) == text


def test_age_of_nothing_is_empty() -> None:
    assert age(None, NOW) == age(0, NOW) == ""


def test_visitor_local_time_uses_the_browser_offset_convention() -> None:
    paris_winter = visitor_local_time(-60, NOW)
    assert paris_winter is not None
    assert f"{paris_winter:%H:%M}" == "16:00"
    assert utc_offset_label(-60) == "UTC+1"
    assert utc_offset_label(480) == "UTC-8"
    assert utc_offset_label(-330) == "UTC+5:30"


def test_impossible_offsets_have_no_local_time() -> None:
    assert visitor_local_time(10**9, NOW) is None


def test_assignee_labels() -> None:
    assert assignee_label(None, BY_ID, "op_me") == "unassigned"
    assert assignee_label("op_me", BY_ID, "op_me") == "assigned to you"
    assert assignee_label("op_jane", BY_ID, "op_me") == "assigned to Jane Doe"
    assert assignee_label("op_gone", BY_ID, "op_me") == "assigned to op_gone"


def _row(sender: str, assigned: str | None = None, kind: str = "text") -> Conversation:
    return Conversation.parse(
        {
            "session_id": "s",
            "preview_message": {"type": kind, "from": sender, "excerpt": "hi", "fingerprint": 7},
            "assigned": {"user_id": assigned} if assigned else None,
        }
    )


def _message(sender: str, user_id: str | None, nickname: str = "", fingerprint: int = 7) -> Message:
    return Message.parse(
        {
            "session_id": "s",
            "type": "text",
            "from": sender,
            "content": "hi",
            "fingerprint": fingerprint,
            "user": {"user_id": user_id, "nickname": nickname},
        }
    )


@pytest.mark.parametrize(
    ("sender", "assigned", "message", "author"),
    [
        ("user", None, _message("user", "s"), ""),  # the visitor: the row is theirs
        ("operator", "op_me", None, "Team"),  # not cached: the assignee is no author
        ("operator", "op_me", _message("operator", "op_me"), "You"),
        ("operator", "op_me", _message("operator", "op_jane"), "Jane"),  # a colleague's reply
        ("operator", None, _message("operator", "op_gone", "Bot Smith"), "Bot Smith"),
        ("operator", None, _message("operator", None), "Team"),
        ("operator", "op_me", _message("operator", "op_me", fingerprint=8), "Team"),  # not it
    ],
)
def test_last_author_is_who_wrote_the_cached_message(
    sender: str, assigned: str | None, message: Message | None, author: str
) -> None:
    assert last_author(_row(sender, assigned), message, BY_ID, "op_me") == author


def test_an_event_has_no_author_and_says_what_happened() -> None:
    row = _row("operator", kind="event")
    event = Message.parse(
        {
            "type": "event",
            "from": "operator",
            "fingerprint": 7,
            "content": {"namespace": "reminder:scheduled", "text": "Conversation event"},
        }
    )
    assert last_author(row, event, BY_ID, "op_me") == ""
    assert preview_text(row, event) == "Reminder scheduled"
    generic = dataclasses.replace(
        row, preview_message=PreviewMessage("event", "operator", "Conversation event", 7)
    )
    assert preview_text(generic) == "Event"
    assert preview_text(_row("user")) == "hi"


def test_a_file_preview_names_the_kind_and_the_file_not_its_address() -> None:
    row = _row("user")
    for kind, excerpt, shown in [
        (
            "audio",
            "https://storage.crisp.chat/u/voice%20note.webm",
            "Audio message voice note.webm",
        ),
        ("file", "http://emulator.invalid/storage/files/seed/1/invoice.pdf", "File invoice.pdf"),
        ("file", "invoice-2024.pdf", "invoice-2024.pdf"),  # already a name
        ("text", "https://help.acme.example/reset", "https://help.acme.example/reset"),
    ]:
        preview = PreviewMessage(kind, "user", excerpt, 7)
        assert preview_text(dataclasses.replace(row, preview_message=preview)) == shown


@pytest.mark.parametrize(
    ("namespace", "text", "label"),
    [
        ("reminder:scheduled", "Conversation event", "Reminder scheduled"),
        ("state:resolved", "Conversation marked as resolved", "Conversation marked as resolved"),
        ("state:resolved", "", "Conversation resolved"),
        ("user:blocked", "", "Visitor blocked"),
        ("billing:upgraded", "event", "billing:upgraded"),
        ("", "", "Event"),
    ],
)
def test_events_say_what_happened(namespace: str, text: str, label: str) -> None:
    assert event_label(namespace, text) == label
