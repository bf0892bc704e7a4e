from __future__ import annotations

from crisp_tui.crisp.models import Conversation
from crisp_tui.tui.render.visitor import visitor_profile

from .samples import NOW, OTHER_CONVERSATIONS, conversation


def test_profile_lists_every_known_detail() -> None:
    text = visitor_profile(conversation(), others=OTHER_CONVERSATIONS, now=NOW).plain
    assert text.splitlines() == [
        "Alice Martin",
        "",
        "Contact",
        "Email alice@example.com",
        "Phone +33 6 12 34 56 78",
        "Address 12 rue de la Paix, Paris",
        "",
        "Location",
        "Paris, Île-de-France, FR",
        "Local time 16:00 (UTC+1)",
        "",
        "Device",
        "OS macOS 14.2",
        "Browser Firefox 121",
        "Languages fr-FR, en",
        "IP 203.0.113.7",
        "",
        "Segments",
        "vip, returning",
        "",
        "Data",
        "plan: pro",
        "orders: 12",
        "signup: 2021-04-02",
        "",
        "Other conversations",
        "• Can I change my delivery address? 3d00h ago session_old_1",
        "• Thanks, all good! session_old_2",
    ]


def test_empty_sections_are_left_out() -> None:
    assert visitor_profile(Conversation.parse({}), now=NOW).plain == "Visitor"


def test_long_custom_data_is_cut() -> None:
    data = {f"key{i}": "v" * 1000 for i in range(60)}
    text = visitor_profile(conversation(data=data), now=NOW).plain
    assert "… 10 more" in text
    assert max(len(line) for line in text.splitlines()) < 320
