"""Who is typing: a visitor gone mid-sentence (chatbox closed, network lost) sends no `stop`, so
typing is forgotten TYPING_FORGOTTEN_S after their last compose event."""

from __future__ import annotations

from crisp_tui.inbox.events import InboxEvent
from crisp_tui.inbox.presence import TYPING_FORGOTTEN_S, Presence


def test_typing_is_forgotten_without_a_stop_and_each_compose_event_extends_it() -> None:
    now = [1_000.0]
    changes: list[InboxEvent] = []
    presence = Presence(changes.append, lambda: now[0])

    presence.set_visitor_typing("s", "Hel")
    typing = presence.visitor_typing("s")
    assert typing is not None and typing.excerpt == "Hel"
    assert typing.until == 1_000.0 + TYPING_FORGOTTEN_S
    now[0] += TYPING_FORGOTTEN_S - 5
    presence.set_visitor_typing("s", "Hel")  # typing again, same excerpt: nothing to repaint
    assert len(changes) == 1
    now[0] += 10  # past the first event's limit, within the second's
    assert presence.visitor_typing("s") is not None
    now[0] += TYPING_FORGOTTEN_S
    assert presence.visitor_typing("s") is None  # gone without a stop

    presence.set_visitor_typing("s", "Hello")
    presence.set_visitor_typing("s", None)
    assert presence.visitor_typing("s") is None and len(changes) == 3
