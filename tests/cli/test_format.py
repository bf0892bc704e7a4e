"""Human output helpers: widths, tables, times, and the text form of every message type."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from crisp_tui.commands import render
from crisp_tui.commands.table import Column, table
from crisp_tui.commands.text import cell_width, fit
from crisp_tui.crisp.models import Conversation, Message
from crisp_tui.present import local_time, short_time
from tests.support.hostile import load_hostile_corpus

NOW_MS = 1_750_000_000_000  # 2025-06-15 15:06:40 UTC


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_widths_count_wide_characters_and_cut_with_an_ellipsis() -> None:
    assert cell_width("伊藤") == 4
    assert cell_width("é") == 1 and cell_width("e\u0301") == 1
    assert fit("伊藤結衣", 5) == "伊藤…"
    assert fit("short", 5) == "short"
    assert fit("longer", 4) == "lon…"


def test_table_fits_the_width_by_shrinking_then_dropping_columns() -> None:
    columns = (
        Column("ID"),
        Column("WHEN", drop=1),
        Column("NAME", flexible=True, min_width=6),
        Column("N", align=">"),
    )
    rows = [["a1", "yesterday", "A rather long visitor name", "3"], ["b2", "today", "Bo", "12"]]
    wide = table(columns, rows, 80).splitlines()
    assert wide[0].split() == ["ID", "WHEN", "NAME", "N"]
    assert wide[1].endswith(" 3") and wide[2].endswith("12")  # right-aligned
    narrow = table(columns, rows, 26).splitlines()
    assert all(cell_width(line) <= 26 for line in narrow)
    assert "…" in narrow[1] and "WHEN" in narrow[0]
    tiny = table(columns, rows, 16).splitlines()
    assert "WHEN" not in tiny[0] and "yesterday" not in tiny[1]
    assert all(cell_width(line) <= 16 for line in tiny)


def test_local_times_follow_tz(tokyo: None) -> None:
    assert local_time(NOW_MS) == "2025-06-16 00:06"  # UTC+9
    assert local_time(None) == ""
    assert short_time(NOW_MS - 60_000, NOW_MS) == "00:05"
    assert short_time(NOW_MS - 86_400_000, NOW_MS) == "Jun 15 00:06"
    assert short_time(NOW_MS - 400 * 86_400_000, NOW_MS) == "2024-05-12"


def _message(message_type: str, content: object, **extra: object) -> Message:
    return Message.parse(
        {"type": message_type, "from": "user", "content": content, "timestamp": NOW_MS, **extra}
    )


MESSAGES = [
    (_message("text", "Hello\nsecond line"), ["visitor", "  Hello", "  second line"]),
    (
        _message("note", "internal", **{"from": "operator", "user": {"nickname": "Ann"}}),
        ["Ann (operator, private note)", "  internal"],
    ),
    (
        _message("file", {"name": "a.png", "url": "https://x.example/a.png", "type": "image/png"}),
        ["  [file] a.png (image/png)", "  https://x.example/a.png"],
    ),
    (_message("animation", {"url": "https://x.example/a.gif"}), ["  [animation] https://"]),
    (
        _message("audio", {"url": "https://x.example/a.ogg", "duration": 75}),
        ["  [audio 1:15] https://x.example/a.ogg"],
    ),
    (
        _message(
            "picker",
            {
                "text": "Pick one",
                "choices": [
                    {"value": "a", "label": "Yes", "selected": True},
                    {"value": "b", "label": "No"},
                ],
            },
        ),
        ["  [picker] Pick one", "    (x) Yes", "    ( ) No"],
    ),
    (
        _message("field", {"text": "Email", "explain": "so we can reply", "value": ""}),
        ["  [field] Email: (empty)", "    so we can reply"],
    ),
    (
        _message(
            "carousel",
            {
                "text": "Plans",
                "targets": [
                    {
                        "title": "Pro",
                        "description": "All of it",
                        "actions": [{"label": "Buy", "url": "https://x.example/buy"}],
                    }
                ],
            },
        ),
        ["  [carousel] Plans", "    - Pro: All of it", "      Buy: https://x.example/buy"],
    ),
    (
        _message("event", {"namespace": "state:resolved", "text": "Resolved"}),
        ["  [event state:resolved] Resolved"],
    ),
    (  # Crisp's generic text says nothing: the namespace does
        _message("event", {"namespace": "reminder:scheduled", "text": "Conversation event"}),
        ["  [event reminder:scheduled] Reminder scheduled"],
    ),
    (_message("sticker", {"id": 7}), ['  [sticker] {"id": 7}']),
    (_message("file", "not an object"), ['  [file] "not an object"']),
]


@pytest.mark.parametrize(("message", "expected"), MESSAGES, ids=lambda v: getattr(v, "type", ""))
def test_every_message_type_has_a_readable_form(message: Message, expected: list[str]) -> None:
    text = render.messages([message])
    for part in expected:
        assert part in text
    assert text.startswith(local_time(NOW_MS))


def _hostile_values() -> list[object]:
    return [case.value for case in load_hostile_corpus() if case.kind != "size"]


def test_hostile_text_never_reaches_the_terminal_raw() -> None:
    values = _hostile_values()
    conversations = [
        Conversation.parse(
            {
                "session_id": f"session_{i}",
                "state": "unresolved",
                "last_message": value,
                "meta": {"nickname": value, "email": value, "subject": value, "segments": [value]},
            }
        )
        for i, value in enumerate(values)
    ]
    messages = [_message("text", value) for value in values]
    messages += [_message("file", {"name": value, "url": value}) for value in values]
    output = "\n".join(
        [
            render.conversations(conversations, NOW_MS, 100),
            *(render.conversation(c, NOW_MS) for c in conversations),
            render.messages(messages),
        ]
    )
    bad = {chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))}
    bad |= {"\u202e", "\u2066", "\u200f"}
    assert not bad & set(output)
