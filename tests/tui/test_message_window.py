from __future__ import annotations

from crisp_tui.tui.message_window import PAGE_MESSAGES, MessageWindow


def test_the_window_grows_by_what_arrives_and_by_a_page_when_asked() -> None:
    window = MessageWindow()
    assert window.limit(5_000) == PAGE_MESSAGES
    assert window.hides_older
    assert window.limit(5_003) == PAGE_MESSAGES + 3  # new messages never push old ones out
    window.grow()
    assert window.limit(5_003) == PAGE_MESSAGES * 2 + 3


def test_a_short_history_shows_whole() -> None:
    window = MessageWindow()
    assert window.limit(50) == PAGE_MESSAGES
    assert not window.hides_older
