"""A visitor's history: the contact's other conversations and the pages they browsed.

`GET /website/{w}/people/conversations/{people_id}/list/{page}` answers session ids (node
`listPeopleConversations`: `string[]`), newest first. `GET …/conversation/{s}/pages/{page}`
answers `[{page_title, page_url, page_referrer, timestamp}]` (node `ConversationPage`). Both page
from 1 and answer an empty array past the end (docs/crisp-api.md, Visitor context).

The seeded world gets returning visitors: some of the newest open conversations share their
contact (people id, name, email) with two older resolved ones. Pages browsed are derived from the
session id, so the world stays the same for every other route.
"""

from __future__ import annotations

import random
import zlib
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from crisp_tui.emulator.envelope import ApiError, success
from crisp_tui.emulator.world import World, as_int, obj

if TYPE_CHECKING:  # routes.py lists these handlers in its table
    from crisp_tui.emulator.routes import Call

PER_PAGE = 20
RETURNING_VISITORS = 8  # among the newest open conversations
EARLIER_VISITS = 2  # resolved conversations each of them had before
_PAGES = (
    ("Pricing", "/pricing"),
    ("Billing FAQ", "/help/billing"),
    ("Refund policy", "/legal/refunds"),
    ("Checkout", "/checkout"),
    ("Order status", "/account/orders"),
    ("Contact us", "/contact"),
    ("Blog: what's new", "/blog/whats-new"),
)
_REFERRERS = ("https://www.google.com/", "https://news.ycombinator.com/", "")


def link_returning_visitors(world: World, seed: int) -> None:
    """Give some of the newest open conversations' contacts earlier, resolved conversations."""
    rng = random.Random(f"{seed}:people")
    by_age = sorted(world.conversations.values(), key=lambda c: as_int(c.get("updated_at")))
    earlier = [c for c in by_age if c.get("state") == "resolved" and c.get("people_id")]
    recent = [c for c in reversed(by_age) if c.get("state") != "resolved" and c.get("people_id")]
    for conversation in recent[: RETURNING_VISITORS * 2 : 2]:
        meta = obj(conversation, "meta")
        for past in (earlier.pop(0) for _ in range(min(EARLIER_VISITS, len(earlier)))):
            past["people_id"] = conversation["people_id"]
            past_meta = obj(past, "meta")
            for field in ("nickname", "email"):
                past_meta[field] = meta.get(field, "")
            if rng.random() < 0.5:
                past_meta["segments"] = list(meta.get("segments") or [])
            user = world.visitor_user(past["session_id"])  # the chatbox's name, as sent
            for message in world.messages.get(past["session_id"], []):
                if message.get("from") == "user" and isinstance(message.get("user"), dict):
                    message["user"] = {**message["user"], "nickname": user["nickname"]}


def _page_of(call: Call, items: list[Any]) -> list[Any]:
    try:
        page = int(call.params["page"])
    except ValueError:
        raise ApiError(404, "not_found", "route not found") from None
    if page < 1:
        raise ApiError(404, "not_found", "route not found")
    return items[(page - 1) * PER_PAGE : page * PER_PAGE]


def people_conversations(call: Call) -> Response:
    people_id = call.params["people_id"]
    mine = [c for c in call.world.conversations.values() if c.get("people_id") == people_id]
    mine.sort(key=lambda c: as_int(c.get("updated_at")), reverse=True)
    return success(_page_of(call, [c["session_id"] for c in mine]))


def pages_browsed(world: World, session_id: str, domain: str) -> list[dict[str, Any]]:
    """0 to 5 pages, newest first, before the conversation started; the same on every call."""
    conversation = world.conversation(session_id)
    digest = zlib.crc32(session_id.encode())
    rng = random.Random(digest)
    count = digest % 6
    at = as_int(conversation.get("created_at"))
    pages = []
    for _ in range(count):
        title, path = rng.choice(_PAGES)
        at -= rng.randint(20, 600) * 1000
        pages.append(
            {
                "page_title": title,
                "page_url": f"https://{domain}{path}",
                "page_referrer": rng.choice(_REFERRERS),
                "timestamp": at,
            }
        )
    return pages


def conversation_pages(call: Call) -> Response:
    domain = str(call.world.website.get("domain") or "example.com")
    return success(_page_of(call, pages_browsed(call.world, call.session_id, domain)))
