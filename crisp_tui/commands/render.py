"""Human forms of Crisp objects. Every string from Crisp goes through `clean` first."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from ..crisp.models import (
    AnimationContent,
    AudioContent,
    CarouselContent,
    Conversation,
    EventContent,
    FieldContent,
    FileContent,
    Message,
    MessageContent,
    Operator,
    PickerContent,
    UnknownContent,
)
from ..present import (
    age,
    event_label,
    is_waiting,
    local_time,
    media_duration,
    preview_text,
    sender_name,
    short_time,
)
from ..untrusted import clean
from .table import Column, table

INDENT = "  "
_CELL = 200  # longest a table cell is ever made before fitting


def one_line(text: object, max_chars: int = _CELL) -> str:
    return clean(text, single_line=True, max_chars=max_chars).strip()


def visitor(conversation: Conversation) -> str:
    """`Name <email>`, or whichever of the two is known."""
    name = one_line(conversation.meta.nickname)
    email = one_line(conversation.meta.email)
    if name and email:
        return f"{name} <{email}>"
    return name or email or "(unknown visitor)"


def waiting(conversation: Conversation, now_ms: int) -> str:
    return age(conversation.waiting_since, now_ms / 1000) if is_waiting(conversation) else ""


_CONVERSATION_COLUMNS = (
    Column("SESSION"),
    Column("STATE"),
    Column("UNREAD", align=">"),
    Column("WAITING", align=">", drop=3),
    Column("UPDATED", drop=2),
    Column("VISITOR", flexible=True, min_width=24, max_width=48),
    Column("LAST MESSAGE", flexible=True, min_width=20, drop=1),
)


def conversations(items: Sequence[Conversation], now_ms: int, width: int | None) -> str:
    if not items:
        return "No conversations."
    rows = [
        [
            one_line(c.session_id),
            c.state,
            str(c.unread_operator or ""),
            waiting(c, now_ms),
            short_time(c.updated_at, now_ms),
            visitor(c),
            one_line(preview_text(c)),
        ]
        for c in items
    ]
    return table(_CONVERSATION_COLUMNS, rows, width)


def _fields(pairs: Iterable[tuple[str, str]]) -> str:
    shown = [(label, value) for label, value in pairs if value]
    size = max(len(label) for label, _ in shown)
    return "\n".join(f"{label:<{size}}  {value}" for label, value in shown)


def conversation(c: Conversation, now_ms: int) -> str:
    meta, device = c.meta, c.meta.device
    place = (device.geolocation.city, device.geolocation.region, device.geolocation.country)
    wait = waiting(c, now_ms)
    return _fields(
        [
            ("Session", one_line(c.session_id)),
            ("State", c.state),
            ("Visitor", one_line(meta.nickname)),
            ("Email", one_line(meta.email)),
            ("Phone", one_line(meta.phone)),
            ("Subject", one_line(meta.subject)),
            ("Assigned", one_line(c.assigned_user_id) or "nobody"),
            ("Unread", f"{c.unread_operator} by operators, {c.unread_visitor} by the visitor"),
            ("Waiting", f"{wait} (since {local_time(c.waiting_since)})" if wait else ""),
            ("Created", local_time(c.created_at)),
            ("Updated", local_time(c.updated_at)),
            ("Location", one_line(", ".join(p for p in place if p))),
            ("Device", one_line(" · ".join(p for p in (device.os, device.browser) if p))),
            ("Segments", one_line(", ".join(meta.segments))),
            ("Data", one_line(", ".join(f"{k}={_scalar(v)}" for k, v in meta.data.items()))),
            ("Last", one_line(preview_text(c), 2000)),
        ]
    )


def _scalar(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _body(text: object) -> list[str]:
    return clean(text).splitlines() or [""]


def content_lines(message: Message) -> list[str]:
    """Lines showing the content of any message type (first line may carry a [tag])."""
    content: MessageContent = message.content
    if message.removed:
        return ["(message deleted)"]
    if isinstance(content, str):
        return _body(content)
    if isinstance(content, FileContent):
        kind = f" ({one_line(content.mime_type)})" if content.mime_type else ""
        return [f"[file] {one_line(content.name)}{kind}", one_line(content.url, 2000)]
    if isinstance(content, AnimationContent):
        return [f"[animation] {one_line(content.url, 2000)}"]
    if isinstance(content, AudioContent):
        length = f" {media_duration(content.duration)}" if content.duration else ""
        return [f"[audio{length}] {one_line(content.url, 2000)}"]
    if isinstance(content, PickerContent):
        choices = [
            f"{INDENT}({'x' if choice.selected else ' '}) {one_line(choice.label or choice.value)}"
            for choice in content.choices
        ]
        return [f"[picker] {one_line(content.text)}", *choices]
    if isinstance(content, FieldContent):
        lines = [f"[field] {one_line(content.text)}: {one_line(content.value) or '(empty)'}"]
        return lines + ([f"{INDENT}{one_line(content.explain)}"] if content.explain else [])
    if isinstance(content, CarouselContent):
        lines = [f"[carousel] {one_line(content.text)}"]
        for target in content.targets:
            lines.append(f"{INDENT}- {one_line(target.title)}: {one_line(target.description)}")
            lines += [
                f"{INDENT * 2}{one_line(label)}: {one_line(url, 2000)}"
                for label, url in target.actions
            ]
        return lines
    if isinstance(content, EventContent):
        label = event_label(content.namespace, content.text)
        return [f"[event {one_line(content.namespace)}] {one_line(label)}"]
    assert isinstance(content, UnknownContent)
    raw = json.dumps(content.raw, ensure_ascii=False, default=str)
    return [f"[{one_line(message.type)}] {one_line(raw, 500)}"]


def author(message: Message, visitor_name: str = "") -> str:
    """`Jane Doe (visitor)`: a visitor under the conversation's current name."""
    role = "visitor" if message.from_visitor else "operator"
    if message.is_note:
        role += ", private note"
    return f"{one_line(sender_name(message, visitor_name=visitor_name))} ({role})"


def messages(items: Sequence[Message], visitor_name: str = "") -> str:
    if not items:
        return "No messages."
    blocks = [
        "\n".join(
            [
                f"{local_time(m.timestamp)}  {author(m, visitor_name)}"
                + ("  (edited)" if m.edited and not m.removed else ""),
                *(f"{INDENT}{line}" for line in content_lines(m)),
            ]
        )
        for m in items
    ]
    return "\n\n".join(blocks)


_OPERATOR_COLUMNS = (
    Column("USER ID"),
    Column("NAME", flexible=True, max_width=30),
    Column("EMAIL", flexible=True, max_width=40, drop=2),
    Column("ROLE", drop=1),
    Column("AVAILABILITY", drop=1),
)


def operators(items: Sequence[Operator], me: str, width: int | None) -> str:
    if not items:
        return "No operators."
    rows = [
        [
            one_line(o.user_id),
            one_line(o.display_name) + (" (me)" if me and o.user_id == me else ""),
            one_line(o.email),
            one_line(o.role),
            one_line(o.availability),
        ]
        for o in items
    ]
    return table(_OPERATOR_COLUMNS, rows, width)
