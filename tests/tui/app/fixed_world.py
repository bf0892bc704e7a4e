"""A small fixed inbox for snapshots: hand-written conversations on an otherwise empty emulator,
so the pictures change only when the app's rendering does (not when the seeded world does)."""

from __future__ import annotations

from typing import Any

from crisp_tui.emulator import Emulator

MINUTE = 60_000


def _message(session_id: str, n: int, at: int, sender: str, kind: str, content: Any) -> dict:
    return {
        "session_id": session_id,
        "type": kind,
        "from": sender,
        "origin": "chat",
        "content": content,
        "fingerprint": 9_000_000_000 + n,
        "timestamp": at,
        "read": "chat",
        "delivered": "chat",
        "user": {"user_id": "", "nickname": "Alice Moreau" if sender == "operator" else ""},
    }


VISITORS = [
    # name, email, state, unread, minutes since the last message, assigned operator index, text
    ("Ada Lovelace", "ada@example.com", "unresolved", 2, 3, None, "The invoice total looks wrong."),
    ("Grace Hopper", "grace@example.com", "pending", 0, 45, 0, "I will check with my team."),
    ("", "linus@example.org", "unresolved", 1, 130, 1, "Can I export my data as CSV?"),
    ("Margaret Hamilton", "", "resolved", 0, 2900, 0, "Thanks, all good now!"),
    ("[@click=app.quit]quit[/]", "x@example.net", "unresolved", 1, 8, None, "[b]not bold[/b]"),
]


def populate(emulator: Emulator) -> list[str]:
    """Add the fixed conversations; returns their session ids, newest activity first."""
    now = emulator.clock.now_ms()
    operators = [op["details"]["user_id"] for op in emulator.world.operators]
    session_ids = []
    for index, (name, email, state, unread, minutes, assignee, text) in enumerate(VISITORS):
        session_id = f"session_fixed_{index}"
        last = now - minutes * MINUTE
        messages = [
            _message(session_id, index * 100, last - 90 * MINUTE, "user", "text", "Hello!"),
            _message(
                session_id,
                index * 100 + 1,
                last - 80 * MINUTE,
                "operator",
                "text",
                "Hi, how can I help?",
            ),
            _message(session_id, index * 100 + 2, last, "user", "text", text),
        ]
        if index == 0:
            messages[2:2] = _every_type(session_id, last - 60 * MINUTE)
        emulator.add_conversation(
            {
                "session_id": session_id,
                "website_id": emulator.world.website_id,
                "state": state,
                "last_message": text,
                "preview_message": {
                    "type": "text",
                    "from": "user",
                    "excerpt": text,
                    "fingerprint": index * 100 + 2,
                },
                "unread": {"operator": unread, "visitor": 0},
                "assigned": {"user_id": operators[assignee]} if assignee is not None else {},
                "mentions": [operators[0]] if index == 2 else [],
                "meta": {
                    "nickname": name,
                    "email": email,
                    "phone": "+44 20 7946 0000",
                    "subject": "Billing" if index == 0 else "",
                    "segments": ["customer"],
                    "data": {"plan": "pro"},
                },
                "created_at": last - 90 * MINUTE,
                "updated_at": last,
                "waiting_since": last if unread else None,
            },
            messages,
        )
        session_ids.append(session_id)
    return session_ids


def _every_type(session_id: str, at: int) -> list[dict]:
    contents = [
        ("operator", "note", "Customer is on the Pro plan."),
        (
            "user",
            "file",
            {
                "name": "invoice.pdf",
                "url": "https://files.example.com/invoice.pdf",
                "type": "application/pdf",
            },
        ),
        (
            "user",
            "audio",
            {"url": "https://files.example.com/voice.webm", "type": "audio/webm", "duration": 42},
        ),
        (
            "operator",
            "picker",
            {
                "id": "p1",
                "text": "Which plan?",
                "choices": [
                    {"value": "pro", "label": "Pro", "selected": True},
                    {"value": "team", "label": "Team", "selected": False},
                ],
            },
        ),
        (
            "user",
            "field",
            {
                "id": "f1",
                "text": "Your order number",
                "explain": "On the receipt",
                "value": "48213",
            },
        ),
        ("operator", "event", {"namespace": "state:resolved", "text": "Marked resolved"}),
        ("user", "hologram", {"beam": 3}),
    ]
    return [
        _message(session_id, 50 + n, at + n * MINUTE, sender, kind, content)
        for n, (sender, kind, content) in enumerate(contents)
    ]
