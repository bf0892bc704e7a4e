"""Builds the seeded world: deterministic for a seed (one `random.Random`, no global random)."""

from __future__ import annotations

import functools
import pickle
import random
import uuid
from typing import Any

from crisp_tui.emulator import messages as msg
from crisp_tui.emulator.inboxes import seeded_inboxes
from crisp_tui.emulator.people import link_returning_visitors
from crisp_tui.emulator.seed_data import (
    DEVICES,
    INBOXES,
    LOCALES,
    OPERATORS,
    PLANS,
    SEGMENTS,
    Locale,
)
from crisp_tui.emulator.settings import EmulatorSettings
from crisp_tui.emulator.world import STATES, STATUS_OF_STATE, World, new_session_id

MINUTE = 60_000
DAY = 1_440 * MINUTE
# Long histories for paging and performance work: (messages, days back).
HUGE_HISTORIES = ((5_200, 90), (2_400, 40), (1_100, 20))


def build_world(settings: EmulatorSettings, now_ms: int) -> World:
    """The seeded world for `settings` at `now_ms`: the same inputs always give the same world."""
    website = _website(settings)
    key = (
        settings.seed,
        settings.conversations,
        now_ms,
        settings.public_url,
        tuple(website.items()),
    )
    operators, conversations, messages, rng_state = pickle.loads(_seeded_snapshot(*key))
    rng = random.Random()
    rng.setstate(rng_state)
    world = World(website, operators, rng)
    world.public_url = settings.public_url
    world.conversations, world.messages = conversations, messages
    world.inboxes = seeded_inboxes(now_ms - 90 * 86_400_000)
    return world


# Seeding is ~10,000 appends; a process that builds the same world again (each test, a restarted
# demo) copies a snapshot instead, about eight times faster, and never shares the copy's dicts.
@functools.lru_cache(maxsize=4)
def _seeded_snapshot(
    seed: int,
    conversations: int,
    now_ms: int,
    public_url: str,
    website: tuple[tuple[str, Any], ...],
) -> bytes:
    rng = random.Random(seed)
    world = World(dict(website), _operators(rng), rng)
    world.public_url = public_url  # seeded attachments link to it
    for index in range(conversations):
        huge = HUGE_HISTORIES[index] if index < len(HUGE_HISTORIES) else None
        _seed_conversation(world, rng, now_ms, index, huge)
    link_returning_visitors(world, seed)
    state = (world.operators, world.conversations, world.messages, rng.getstate())
    return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _website(settings: EmulatorSettings) -> dict[str, Any]:
    # No `logo`: websites without one (most) leave it out.
    return {
        "website_id": settings.website_id,
        "name": settings.website_name,
        "domain": settings.website_domain,
        "verified": True,
        "institutional": False,
    }


def _operators(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "type": "operator",
            "details": {
                "user_id": _uuid(rng),
                "email": email,
                "first_name": first,
                "last_name": last,
                "avatar": f"https://avatar.crisp.example/{first.lower()}.png",
                "role": role,
                "title": "Support" if role == "member" else "Founder",
                "availability": availability,
                "has_token": False,
            },
        }
        for first, last, email, role, availability in OPERATORS
    ]


def locale_of(conversation: dict[str, Any]) -> Locale:
    try:
        code = conversation["meta"]["device"]["locales"][0]
    except (KeyError, IndexError, TypeError):
        code = "en"
    return next((loc for loc in LOCALES if loc.code == code), LOCALES[0])


def _meta(rng: random.Random, locale: Locale, index: int) -> dict[str, Any]:
    first, last = rng.choice(locale.first_names), rng.choice(locale.last_names)
    country, region, city, lat, lon, tz = rng.choice(locale.places)
    os_name, os_ver, eng, eng_ver, browser, browser_ver, agent = rng.choice(DEVICES)
    anonymous = rng.random() < 0.12
    nickname = (
        f"visitor{index:04d}"
        if anonymous
        else (f"{last}{first}" if locale.code in ("ja", "zh") else f"{first} {last}")
    )
    meta: dict[str, Any] = {
        "nickname": nickname,
        # The real API sends "" for unknown strings as often as it leaves them out.
        "email": "" if anonymous else f"{_ascii(first, index)}.{index}@mail.example",
        "ip": f"203.0.113.{index % 250 + 1}",
        "subject": rng.choice(locale.subjects) if rng.random() < 0.7 else "",
        "segments": rng.sample(SEGMENTS, rng.randint(0, 3)),
        "data": {
            "plan": rng.choice(PLANS),
            "orders": rng.randint(0, 40),
            "mrr": round(rng.uniform(0, 900), 2),
            "beta": rng.random() < 0.3,
        },
        "device": {
            "capabilities": ["browsing", "call"],
            "geolocation": {
                "country": country,
                "region": region,
                "city": city,
                "coordinates": {"latitude": lat, "longitude": lon},
            },
            "system": {
                "os": {"name": os_name, "version": os_ver},
                "engine": {"name": eng, "version": eng_ver},
                "browser": {
                    "name": browser,
                    "version": browser_ver,
                    "major": browser_ver.split(".")[0],
                },
                "useragent": agent,
            },
            "timezone": tz,
            "locales": [locale.code],
        },
    }
    if rng.random() < 0.5:
        meta["phone"] = f"{locale.phone_prefix}{rng.randint(1000, 9999)}"
    if rng.random() < 0.2:
        meta["address"] = f"{rng.randint(1, 200)} {city}, {country}"
    if rng.random() < 0.1:
        del meta["device"]["geolocation"]
    return meta


def _ascii(name: str, index: int) -> str:
    plain = "".join(c for c in name.lower() if c.isascii() and c.isalpha())
    return plain or f"user{index}"


def new_conversation(
    world: World, rng: random.Random, created_at: int, index: int, state: str = "pending"
) -> str:
    """A conversation shell with a visitor's meta and no messages (messages are appended)."""
    locale = rng.choice(LOCALES)
    meta = _meta(rng, locale, index)
    conversation: dict[str, Any] = {
        "session_id": new_session_id(rng),
        "website_id": world.website_id,
        "people_id": "" if not meta["email"] else _uuid(rng),
        "state": state,
        "status": STATUS_OF_STATE[state],
        "is_verified": rng.random() < 0.3,
        "is_blocked": False,
        "availability": rng.choice(("online", "offline", "offline")),
        "active": {"now": False, "last": created_at},
        "last_message": "",
        "topic": meta["subject"],
        "participants": [],
        "mentions": [],
        "compose": {},
        "unread": {"operator": 0, "visitor": 0},
        "meta": meta,
        "created_at": created_at,
        "updated_at": created_at,
    }
    if rng.random() < 0.7:
        conversation["inbox_id"] = rng.choice(INBOXES)
    if meta["email"] and rng.random() < 0.2:
        conversation["participants"] = [{"type": "email", "target": meta["email"]}]
    return world.add_conversation(conversation)


def _post(world: World, session_id: str, **fields: Any) -> dict[str, Any]:
    """Append a message to a conversation, with the world's ids and a fresh fingerprint."""
    if fields.get("sender") == "user" and fields.get("user") is None:
        fields["user"] = world.visitor_user(session_id)
    message = msg.message(
        session_id=session_id,
        website_id=world.website_id,
        fingerprint=world.new_fingerprint(fields["timestamp"]),
        **fields,
    )
    return world.append(session_id, message)


def visitor_text(world: World, rng: random.Random, session_id: str, first: bool = False) -> str:
    """What this visitor would write next, in their language."""
    return msg.visitor_text(rng, locale_of(world.conversations[session_id]), first)


def visitor_message(
    world: World,
    rng: random.Random,
    session_id: str,
    timestamp: int,
    first: bool = False,
    text: str | None = None,
) -> dict[str, Any]:
    """The visitor writes `text` (by default, words of their language)."""
    if text is None:
        text = visitor_text(world, rng, session_id, first)
    # The chatbox shows the visitor typing before the message lands, as Crisp's does.
    world.emit("message:compose:send", session_id, type="start", excerpt=text, timestamp=timestamp)
    return _post(world, session_id, type_="text", sender="user", content=text, timestamp=timestamp)


def _seed_conversation(
    world: World, rng: random.Random, now: int, index: int, huge: tuple[int, int] | None
) -> None:
    state = rng.choices(STATES, weights=(2, 5, 5))[0] if huge is None else "unresolved"
    empty = huge is None and index % 37 == 36
    size = (
        huge[0]
        if huge
        else (0 if empty else rng.randint(1, 14) if state != "pending" else rng.randint(1, 3))
    )
    span = huge[1] * DAY if huge else rng.randint(10, 30 * 1_440) * MINUTE
    created_at = now - span
    session_id = new_conversation(world, rng, created_at, index, state)
    conversation = world.conversations[session_id]
    operators = [op["details"]["user_id"] for op in world.operators]
    assignee = rng.choice(operators) if rng.random() < 0.55 else None
    if assignee:
        conversation["assigned"] = {"user_id": assignee}
    times = sorted(rng.sample(range(created_at + 1, now - MINUTE), size)) if size else []
    origin = rng.choices(("chat", "email", "urn:crisp.im:whatsapp:0"), weights=(8, 2, 1))[0]
    for position, timestamp in enumerate(times):
        sender = (
            "user" if position == 0 or state == "pending" or rng.random() < 0.55 else "operator"
        )
        _seed_message(
            world,
            rng,
            session_id,
            timestamp,
            sender,
            origin,
            position == 0,
            assignee or rng.choice(operators),
        )
    _seed_extras(world, rng, session_id, index, operators, times)
    # Everything but the last few visitor messages has been read; the final state wins.
    read_until = len(times) - (rng.randint(1, 3) if state != "resolved" else 0)
    read = [m["fingerprint"] for m in world.messages[session_id][:read_until]]
    world.mark(session_id, "read", "user", "chat", read)
    world.mark(session_id, "read", "operator", "chat", read)
    world.mark(session_id, "delivered", "operator", "chat", None)
    conversation["state"], conversation["status"] = state, STATUS_OF_STATE[state]
    if state == "resolved":
        conversation.pop("waiting_since", None)
    conversation["active"]["now"] = state != "resolved" and rng.random() < 0.2
    conversation["is_blocked"] = index % 53 == 52
    if index % 11 == 7 and world.messages[session_id]:
        _make_legacy(conversation, world.messages[session_id][0])


def _make_legacy(conversation: dict[str, Any], message: dict[str, Any]) -> None:
    """A message as old accounts have them: a negative fingerprint, no read/delivered/mentions."""
    legacy = -abs(message["fingerprint"])
    preview = conversation.get("preview_message")
    if isinstance(preview, dict) and preview.get("fingerprint") == message["fingerprint"]:
        preview["fingerprint"] = legacy
    message["fingerprint"] = legacy
    for key in ("read", "delivered", "mentions"):
        message.pop(key, None)


def _seed_message(
    world: World,
    rng: random.Random,
    session_id: str,
    timestamp: int,
    sender: str,
    origin: str,
    first: bool,
    operator_id: str,
) -> None:
    if sender == "user":
        if first or rng.random() < 0.9:
            visitor_message(world, rng, session_id, timestamp, first)
            return
        type_ = rng.choice(("file", "audio", "field", "picker"))
        content: Any = msg.structured_content(rng, type_, world.public_url)
        user = None
    else:
        roll = rng.random()
        type_ = (
            "note"
            if roll < 0.12
            else "text"
            if roll < 0.9
            else rng.choice(("file", "animation", "carousel", "event"))
        )
        if type_ == "note":
            content = msg.note_text(rng)
        elif type_ == "text":
            content = msg.operator_text(rng, locale_of(world.conversations[session_id]))
        else:
            content = msg.structured_content(rng, type_, world.public_url)
        user = world.operator_user(operator_id)
    _post(
        world,
        session_id,
        type_=type_,
        sender=sender,
        content=content,
        timestamp=timestamp,
        origin=origin,
        user=user,
    )


def _seed_extras(
    world: World,
    rng: random.Random,
    session_id: str,
    index: int,
    operators: list[str],
    times: list[int],
) -> None:
    """Mentions, every message type in one showcase conversation, and a type Crisp may add later."""
    if not times:
        return
    conversation = world.conversations[session_id]
    author = world.operator_user(operators[index % len(operators)])
    last = times[-1]
    if index % 9 == 4:
        mentioned = rng.choice(operators)
        conversation["mentions"] = [mentioned]
        _post(
            world,
            session_id,
            type_="note",
            sender="operator",
            content="Can you take a look at this one?",
            timestamp=last + 1,
            user=author,
            mentions=[mentioned],
        )
    if index == 5:
        for offset, type_ in enumerate(msg.STRUCTURED_TYPES, start=2):
            _post(
                world,
                session_id,
                type_=type_,
                sender="operator",
                content=msg.structured_content(rng, type_, world.public_url),
                timestamp=last + offset,
                user=author,
            )
    if index == 6:
        _post(
            world,
            session_id,
            type_="sticker",
            sender="user",
            content={
                "pack": "party",
                "id": "confetti",
                "url": "https://media.crisp.example/s/1.webp",
            },
            timestamp=last + 1,
        )
