"""The visitor profile shown in the side panel: contact, place, device, segments, custom data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from textual.content import Content

from crisp_tui.crisp.models import Conversation, Device, PageVisit
from crisp_tui.present import age, utc_offset_label, visitor_local_time
from crisp_tui.tui.safe_text import clean, join, labelled, safe

from . import styles
from .messages import NAME_CHARS

VALUE_CHARS = 300
MAX_DATA_ITEMS = 50
MAX_OTHERS = 20
MAX_PAGES = 20
SHORT_ID = 16
LOADING = "…"  # a section whose data is on its way (fetched when the panel opens)


class OtherConversation(NamedTuple):
    session_id: str
    excerpt: str  # of its last message
    last_activity: int = 0  # ms; 0 when unknown


def visitor_profile(
    conversation: Conversation,
    *,
    others: Sequence[OtherConversation] = (),
    pages: Sequence[PageVisit] | None = (),
    now: float,
) -> Content:
    """Every section that has something to say, in the order an agent looks for it. `pages`
    is None while they are being fetched."""
    meta = conversation.meta
    sections = [
        [safe(conversation.display_name, style="bold", max_chars=NAME_CHARS, single_line=True)],
        _section(
            "Contact",
            _fields(("Email", meta.email), ("Phone", meta.phone), ("Address", meta.address)),
        ),
        _section("Location", _location(meta.device, now)),
        _section("Device", _device(meta.device, meta.ip)),
        _section("Segments", [join(meta.segments[:MAX_DATA_ITEMS])] if meta.segments else []),
        _section("Data", _data(meta.data)),
        _section("Other conversations", _others(others, now)),
        _section("Pages browsed", _pages(pages, now)),
    ]
    return Content("\n").join(line for section in sections for line in section)


def _section(title: str, lines: list[Content]) -> list[Content]:
    return [Content(), Content.styled(title, styles.HEADING), *lines] if lines else []


def _fields(*pairs: tuple[str, object]) -> list[Content]:
    return [
        labelled(label, value, label_style=styles.MUTED, max_chars=VALUE_CHARS)
        for label, value in pairs
        if value
    ]


def _location(device: Device, now: float) -> list[Content]:
    place = device.geolocation
    where = [part for part in (place.city, place.region, place.country) if part]
    lines = [join(where)] if where else []
    if device.timezone_offset is not None:
        local = visitor_local_time(device.timezone_offset, now)
        if local is not None:
            zone = utc_offset_label(device.timezone_offset)
            lines.append(
                Content.assemble(
                    ("Local time ", styles.MUTED), f"{local:%H:%M}", (f" ({zone})", styles.MUTED)
                )
            )
    return lines


def _device(device: Device, ip: str) -> list[Content]:
    return _fields(
        ("OS", device.os),
        ("Browser", device.browser),
        ("Languages", ", ".join(device.locales)),
        ("IP", ip),
    )


def _data(data: object) -> list[Content]:
    """Custom data as `key: value`, keys and values cleaned (values may be any JSON)."""
    if not isinstance(data, Mapping) or not data:
        return []
    items = list(data.items())
    lines = [
        Content.assemble(
            safe(key, style=styles.MUTED, max_chars=60, single_line=True),
            (": ", styles.MUTED),
            safe(value, max_chars=VALUE_CHARS, single_line=True),
        )
        for key, value in items[:MAX_DATA_ITEMS]
    ]
    if len(items) > MAX_DATA_ITEMS:
        lines.append(Content.styled(f"… {len(items) - MAX_DATA_ITEMS} more", styles.MUTED))
    return lines


def _others(others: Sequence[OtherConversation], now: float) -> list[Content]:
    """Each as its last message and when, then enough of its id to tell them apart."""
    lines = []
    for session_id, excerpt, last_activity in others[:MAX_OTHERS]:
        when = age(last_activity, now) if last_activity else ""
        lines.append(
            Content.assemble(
                ("• ", styles.MUTED),
                safe(excerpt or "(no message)", max_chars=80, single_line=True),
                (f" {when} ago" if when else "", styles.MUTED),
                # `session_` and 8 hex digits.
                (f" {clean(session_id, max_chars=60, single_line=True)[:SHORT_ID]}", styles.MUTED),
            )
        )
    if len(others) > MAX_OTHERS:
        lines.append(Content.styled(f"… {len(others) - MAX_OTHERS} more", styles.MUTED))
    return lines


def _pages(pages: Sequence[PageVisit] | None, now: float) -> list[Content]:
    """Each page as its title and when, then its address (cleaned, never a link)."""
    if pages is None:
        return [Content.styled(LOADING, styles.MUTED)]
    lines: list[Content] = []
    for page in pages[:MAX_PAGES]:
        when = age(page.timestamp, now)
        lines.append(
            Content.assemble(
                ("• ", styles.MUTED),
                safe(page.title or page.url or "(untitled)", max_chars=80, single_line=True),
                (f" {when} ago" if when else "", styles.MUTED),
            )
        )
        if page.url:
            lines.append(
                Content.assemble(
                    "  ", safe(page.url, style=styles.MUTED, max_chars=200, single_line=True)
                )
            )
    if len(pages) > MAX_PAGES:
        lines.append(Content.styled(f"… {len(pages) - MAX_PAGES} more", styles.MUTED))
    return lines
