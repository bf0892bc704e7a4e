"""MessageLog in a tiny app: long conversations, older history, sticking to the bottom."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.visual import Visual
from textual.widgets import Static

from crisp_tui.crisp.models import Message
from crisp_tui.tui.render.conversation_header import conversation_header
from crisp_tui.tui.widgets.message_log import MessageLog
from tests.support.hostile import load_hostile_corpus
from tests.tui.render.hostile_data import UNSAFE, hostile_messages
from tests.tui.render.samples import (
    ME,
    NOW,
    OPERATORS,
    conversation,
    every_type,
    message,
    operator_reply,
    utc,
)

pytestmark = pytest.mark.usefixtures("utc")
__all__ = ["utc"]


class LogApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.animation_level = "none"
        self.older_requests: list[MessageLog.OlderRequested] = []

    def compose(self) -> ComposeResult:
        yield MessageLog(clock=lambda: NOW)

    def on_message_log_older_requested(self, event: MessageLog.OlderRequested) -> None:
        self.older_requests.append(event)


def numbered(start: int, stop: int) -> list[Message]:
    """Messages `start`..`stop-1`, one a minute, alternating visitor and operator."""
    return [
        message("text", f"message {i}", minutes_ago=10_000 - i, fingerprint=i)
        if i % 2
        else operator_reply(f"message {i}", minutes_ago=10_000 - i, fingerprint=i)
        for i in range(start, stop)
    ]


def screen_text(log: MessageLog) -> list[str]:
    return [
        "".join(segment.text for segment in log.render_line(y)).rstrip()
        for y in range(log.scrollable_content_region.height)
    ]


def showing(log: MessageLog, text: str) -> bool:
    return any(line.endswith(text) for line in screen_text(log))


async def test_5000_messages_open_at_the_newest_and_page_back_to_the_top() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 5000), has_older=True, visitor_name="Alice")
        await pilot.pause()
        assert log.virtual_size.height > 5000 * 3
        assert log.scroll_y == log.max_scroll_y
        assert showing(log, "message 4999")
        log.focus()
        await pilot.press("pageup", "pageup", "home")
        assert log.scroll_y == 0
        assert screen_text(log)[0].strip() == "Loading older messages…"
        await pilot.press("up", "home")
        await pilot.pause()
        assert len(app.older_requests) == 1
        assert app.older_requests[0].control is log


async def test_older_history_prepended_keeps_the_view_still() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(100, 400), has_older=True)
        log.scroll_to(y=40, animate=False)
        await pilot.pause()
        before = screen_text(log)
        log.set_messages(numbered(0, 400), has_older=False)
        await pilot.pause()
        assert screen_text(log) == before
        assert log.scroll_y > 40
        assert not app.older_requests


async def test_loading_at_the_top_shows_the_older_messages_above() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(100, 400), has_older=True)
        await pilot.pause()
        log.focus()
        await pilot.press("home")
        await pilot.pause()
        assert len(app.older_requests) == 1
        first = next(line for line in screen_text(log) if line.endswith("message 100"))
        log.set_messages(numbered(50, 400), has_older=True)
        await pilot.pause()
        assert first in screen_text(log)
        assert not log.loading_older
        log.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert len(app.older_requests) == 2


async def test_new_messages_scroll_into_view_only_from_the_bottom() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 100), has_older=False)
        await pilot.pause()
        log.append(numbered(100, 101))
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y
        assert showing(log, "message 100")

        log.scroll_to(y=log.max_scroll_y - 10, animate=False)
        await pilot.pause()
        scrolled = log.scroll_y
        log.append(numbered(101, 102))
        await pilot.pause()
        assert log.scroll_y == scrolled
        assert not showing(log, "message 101")
        log.focus()
        await pilot.press("end")
        assert showing(log, "message 101")


async def test_a_shorter_view_keeps_the_newest_message_visible() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 50), has_older=False)
        await pilot.resize_terminal(60, 12)
        await pilot.pause()
        assert showing(log, "message 49")


async def test_known_messages_are_updated_in_place() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        reply = operator_reply("On its way", minutes_ago=1, fingerprint=7)
        log.set_messages([reply], has_older=False)
        await pilot.pause()
        assert any(line.endswith("Jane Doe · 14:59 · sent") for line in screen_text(log))
        log.append([operator_reply("On its way", minutes_ago=1, fingerprint=7, read=True)])
        await pilot.pause()
        assert len(log.messages) == 1
        assert any(line.endswith("Jane Doe · 14:59 · ✓✓ read") for line in screen_text(log))


async def test_status_line_and_empty_conversation() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages([], has_older=False)
        await pilot.pause()
        assert screen_text(log)[0].strip() == "No messages yet"
        log.set_messages(numbered(0, 3), has_older=False)
        await pilot.pause()
        assert screen_text(log)[0].strip() == "Beginning of conversation"
        log.focus()
        await pilot.press("home", "up")
        assert not app.older_requests


async def test_cancelled_request_can_be_made_again() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 3), has_older=True)
        log.focus()
        await pilot.press("up")
        log.cancel_older_request()
        assert screen_text(log)[0].strip() == "↑ Older messages"
        await pilot.press("up")
        await pilot.pause()
        assert len(app.older_requests) == 2


async def test_mouse_wheel_at_the_top_asks_for_older_messages() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 3), has_older=True)  # fits: nothing to scroll
        await pilot.pause()
        log.post_message(events.MouseScrollUp(log, 1, 1, 0, -1, 0, False, False, False))
        await pilot.pause()
        assert len(app.older_requests) == 1


async def test_focus_coming_and_going_keeps_the_painted_lines(monkeypatch) -> None:
    """Escape from the composer focuses the log: its lines are not painted again for that."""
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 20), has_older=False)
        await pilot.pause()
        painted: list[object] = []
        to_strips = Visual.to_strips

        def counting(widget, *args, **kwargs):
            if widget is log:  # not the scrollbar
                painted.append(args[0])
            return to_strips(widget, *args, **kwargs)

        monkeypatch.setattr(Visual, "to_strips", staticmethod(counting))
        log.focus()
        await pilot.pause()
        app.set_focus(None)
        await pilot.pause()
        assert any("message 19" in line for line in screen_text(log))
        assert painted == []


async def test_theme_change_repaints_with_the_new_colours() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 3), has_older=False)
        await pilot.pause()
        row = next(y for y, line in enumerate(screen_text(log)) if "Jane Doe" in line)
        before = log.render_line(row)
        app.theme = "textual-light"
        await pilot.pause()
        after = log.render_line(row)
        assert after.text == before.text
        assert list(after) != list(before)


def test_links_are_collected_newest_first_without_repeats() -> None:
    log = MessageLog()
    repeated = message("text", "again https://example.com/order/4521", minutes_ago=1)
    log.set_messages([*every_type(), repeated], has_older=False)
    assert log.links() == [
        "https://example.com/order/4521",
        "https://example.com/pro",
        "https://example.com/free",
        "https://media.example.com/voice.webm",
        "https://media.example.com/thanks.gif",
        "https://files.example.com/i/4521.pdf",
    ]


@pytest.mark.slow
async def test_hostile_messages_reach_the_screen_as_plain_text() -> None:
    app = LogApp()
    async with app.run_test(size=(80, 40)):
        log = app.query_one(MessageLog)
        for case in load_hostile_corpus():
            log.set_messages(hostile_messages(case.value), has_older=True, visitor_name="x")
            for y in (0, log.max_scroll_y // 2, log.max_scroll_y):
                log.scroll_to(y=y, animate=False)  # render_line reads the offset: no repaint needed
                for row in range(log.size.height):
                    for segment in log.render_line(row):
                        assert not UNSAFE.search(segment.text), case.id
                        style = segment.style
                        assert style is None or not style.link, case.id
                        assert style is None or "@click" not in (style.meta or {}), case.id


class ConversationApp(App[None]):
    CSS = "#header { padding: 0 1; background: $panel; }"

    def __init__(self, messages: Sequence[Message]) -> None:
        super().__init__()
        self.messages = messages

    def compose(self) -> ComposeResult:
        header = conversation_header(
            conversation(), operators=OPERATORS, me=ME, origin="email", now=NOW
        )
        yield Static(header, id="header")
        yield MessageLog(clock=lambda: NOW)

    def on_mount(self) -> None:
        self.query_one(MessageLog).set_messages(
            self.messages, has_older=False, visitor_name="Alice Martin"
        )


def test_snapshot_every_message_type(snap_compare) -> None:
    assert snap_compare(ConversationApp(every_type()), terminal_size=(100, 64))


def test_snapshot_narrow_terminal(snap_compare) -> None:
    assert snap_compare(ConversationApp(every_type()), terminal_size=(40, 24))


async def test_the_cursor_moves_from_message_to_message_and_finding_counts_matches() -> None:
    app = LogApp()
    async with app.run_test(size=(100, 30)) as pilot:
        log = app.query_one(MessageLog)
        log.set_messages(numbered(0, 300), has_older=True, visitor_name="Alice")
        await pilot.pause()
        log.focus()
        await pilot.press("k")  # the cursor starts on the lowest message in view
        assert log.selected_message is not None and log.selected_message.fingerprint == 299
        await pilot.press("k", "k")
        assert log.selected_message.fingerprint == 297
        await pilot.press("g")
        assert log.selected_message.fingerprint == 0 and log.scroll_y == 0
        assert len(app.older_requests) == 1  # the top asks for older history
        await pilot.press("G")
        assert log.selected_message.fingerprint == 299 and log.scroll_y == log.max_scroll_y

        assert log.find("MESSAGE 29") == "11/11"  # 29, 290…299: case-insensitive
        await pilot.press("N", "N")
        assert log.selected_message.fingerprint == 297
        assert log.find("nowhere") == "no match"
        log.set_messages(numbered(0, 301), has_older=True, visitor_name="Alice")
        assert log.find("message 300") == "1/1"  # new messages are searched too
        await pilot.press("escape")
        assert not log.finding
