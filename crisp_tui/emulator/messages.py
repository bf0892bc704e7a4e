"""Message dicts as Crisp serves them, and sample content of every message type."""

from __future__ import annotations

import random
from typing import Any

from crisp_tui.emulator.sample_files import seed_url
from crisp_tui.emulator.seed_data import NOTES, OPERATOR_REPLIES, Locale
from crisp_tui.emulator.settings import DEMO_ORIGIN

TEXT_TYPES = ("text", "note")
STRUCTURED_TYPES = ("file", "animation", "audio", "picker", "field", "carousel", "event")
KNOWN_TYPES = TEXT_TYPES + STRUCTURED_TYPES


def message(
    *,
    session_id: str,
    website_id: str,
    type_: str,
    sender: str,
    content: Any,
    fingerprint: int,
    timestamp: int,
    origin: str = "chat",
    user: dict[str, Any] | None = None,
    read: str = "",
    delivered: str = "",
    mentions: list[str] | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "session_id": session_id,
        "website_id": website_id,
        "type": type_,
        "from": sender,
        "origin": origin,
        "content": content,
        "fingerprint": fingerprint,
        "timestamp": timestamp,
        # Crisp gives the origin a message was read/delivered through, "" when not yet.
        "read": read,
        "delivered": delivered,
        "mentions": mentions or [],
        "stamped": True,
        "edited": False,
        "translated": False,
        "automated": False,
    }
    if user is not None:
        result["user"] = user
    return result


def structured_content(rng: random.Random, type_: str, origin: str = DEMO_ORIGIN) -> dict[str, Any]:
    """Plausible content for a non-text message type; attachments are served by the emulator
    at `origin` (sample_files.py), never fetched from the internet."""
    n = rng.randint(1, 9999)
    if type_ == "file":
        name, mime = rng.choice(
            (
                ("screenshot.png", "image/png"),
                ("invoice-2024.pdf", "application/pdf"),
                ("logs.txt", "text/plain"),
            )
        )
        return {"name": name, "url": seed_url(origin, n, name), "type": mime}
    if type_ == "animation":
        return {"url": seed_url(origin, n, "animation.gif"), "type": "image/gif"}
    if type_ == "audio":
        return {
            "url": seed_url(origin, n, "voice.webm"),
            "type": "audio/webm",
            "duration": rng.randint(2, 90),
        }
    if type_ == "picker":
        chosen = rng.randrange(3)
        labels = ("Billing", "Technical issue", "Something else")
        return {
            "id": f"topic-{n}",
            "text": "What is your question about?",
            "choices": [
                {"value": label.lower().replace(" ", "_"), "label": label, "selected": i == chosen}
                for i, label in enumerate(labels)
            ],
        }
    if type_ == "field":
        return {
            "id": f"email-{n}",
            "text": "What is your email?",
            "explain": "We will reply there if you leave.",
            "value": f"visitor{n}@mail.example",
        }
    if type_ == "carousel":
        return {
            "text": "You may like these articles:",
            "targets": [
                {
                    "title": "Reset your password",
                    "description": "Step by step.",
                    "image": f"https://media.crisp.example/img/{n}.png",
                    "actions": [{"label": "Read", "url": "https://help.acme.example/reset"}],
                },
                {
                    "title": "Billing FAQ",
                    "description": "Invoices, refunds, VAT.",
                    "actions": [{"label": "Read", "url": "https://help.acme.example/billing"}],
                },
            ],
        }
    if type_ == "event":
        return {
            "namespace": rng.choice(("state:resolved", "user:blocked", "reminder:scheduled")),
            "text": "Conversation event",
        }
    raise ValueError(type_)


def visitor_text(rng: random.Random, locale: Locale, first: bool) -> str:
    return rng.choice(locale.openers if first else locale.follow_ups)


def operator_text(rng: random.Random, locale: Locale) -> str:
    return rng.choice(OPERATOR_REPLIES.get(locale.code, OPERATOR_REPLIES["en"]))


def note_text(rng: random.Random) -> str:
    return rng.choice(NOTES)
