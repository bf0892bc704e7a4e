"""One Crisp message as `Content`: a header (who, when, flags) and a body (one function per type).

Geometry (indentation, wrapping, backgrounds) is `layout.py`'s job; this module only says what
is shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

from textual.content import Content

from crisp_tui.crisp.models import (
    AnimationContent,
    AudioContent,
    CarouselContent,
    CarouselTarget,
    EventContent,
    FieldContent,
    FileContent,
    Message,
    PickerChoice,
    PickerContent,
    UnknownContent,
)
from crisp_tui.present import clock_time, event_label, media_duration, message_kind, sender_name
from crisp_tui.tui.safe_text import clean, safe, safe_url

from . import styles

T = TypeVar("T")
Side = Literal["visitor", "operator", "note", "system"]

NAME_CHARS = 80
LABEL_CHARS = 300
URL_CHARS = 2_000
EXCERPT_CHARS = 200
PROMPT_CHARS = 2_000
MAX_ITEMS = 20  # choices, carousel targets, actions
KNOWN_TYPES = frozenset(
    {"text", "note", "file", "animation", "audio", "picker", "field", "carousel", "event"}
)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILER = ".,;:!?)]}'\""


def message_side(message: Message) -> Side:
    if message.type == "event":
        return "system"
    if message.is_note:
        return "note"
    return "visitor" if message.from_visitor else "operator"


# --- header -----------------------------------------------------------------------------------


def message_header(message: Message, *, visitor_name: str = "") -> Content:
    """Who and when, e.g. `Alice · 14:05 · via email · edited`, `Jane · 14:06 · ✓✓ read`."""
    side = message_side(message)
    name_style = styles.VISITOR if side == "visitor" else styles.OPERATOR
    name = safe(
        sender_name(message, visitor_name=visitor_name),
        style=f"bold {name_style}",
        max_chars=NAME_CHARS,
        single_line=True,
    )
    parts = [name, Content.styled(clock_time(message.timestamp), styles.MUTED)]
    if side == "note":
        parts.insert(0, Content.styled(message_kind("note").upper(), styles.NOTE_LABEL))
    if message.origin != "chat":
        parts.append(Content.styled(f"via {origin_label(message.origin)}", styles.MUTED))
    parts.extend(
        Content.styled(flag, styles.MUTED)
        for flag, on in (
            ("deleted", message.removed),
            ("edited", message.edited and not message.removed),
            ("translated", message.translated),
            ("automated", message.automated),
        )
        if on
    )
    if side == "operator":
        parts.append(delivery_mark(message))
    return Content(" · ").join(parts)


def delivery_mark(message: Message) -> Content:
    if message.read:
        return Content.styled("✓✓ read", styles.READ)
    if message.delivered:
        return Content.styled("✓ delivered", styles.MUTED)
    return Content.styled("sent", styles.MUTED)


def origin_label(origin: str) -> str:
    """`chat`, `email`, or the channel of a URN (`urn:crisp.im:whatsapp:0` → `whatsapp`)."""
    parts = origin.split(":")
    if parts[0] == "urn" and len(parts) > 2 and parts[2]:
        return clean(parts[2], max_chars=40, single_line=True)
    return clean(origin or "chat", max_chars=40, single_line=True)


# --- body -------------------------------------------------------------------------------------


def message_body(message: Message) -> Content:
    if message.removed:  # a tombstone: what it said is gone from Crisp and from our cache
        return Content.styled("Message deleted", f"italic {styles.MUTED}")
    render = _BODIES.get(type(message.content))
    return render(message.content) if render else unknown_body(message.type, message.content)


def text_body(text: str) -> Content:
    return safe(text) if text.strip() else Content.styled("(empty message)", styles.MUTED)


def file_body(content: FileContent) -> Content:
    return _media(message_kind("file"), content.name or "(unnamed)", content.mime_type, content.url)


def animation_body(content: AnimationContent) -> Content:
    return _media(message_kind("animation"), "", content.mime_type, content.url)


def audio_body(content: AudioContent) -> Content:
    length = "" if content.duration is None else media_duration(content.duration)
    return _media(message_kind("audio"), length, content.mime_type, content.url)


def _media(kind: str, title: str, mime_type: str, url: str) -> Content:
    """`File invoice.pdf (application/pdf)`, then the URL on its own line."""
    line = [Content.styled(kind, styles.LABEL)]
    if title:
        line.append(safe(title, max_chars=LABEL_CHARS, single_line=True))
    if mime_type:
        line.append(safe(f"({mime_type})", style=styles.MUTED, max_chars=100, single_line=True))
    return Content.assemble(Content(" ").join(line), "\n", url_line(url))


def url_line(url: str) -> Content:
    """The URL in full (so the agent sees where a link goes), flagged when we would not open it."""
    if not url:
        return Content.styled("(no link)", styles.MUTED)
    shown = safe(url, style=styles.URL, max_chars=URL_CHARS, single_line=True)
    if safe_url(url) is None:
        return Content.assemble(shown, (" (not a web link)", styles.WARNING))
    return shown


def picker_body(content: PickerContent) -> Content:
    lines = [_prompt(content.text), *_capped(content.choices, _choice)]
    if not content.choices:
        lines.append(Content.styled("  (no choices)", styles.MUTED))
    elif not any(choice.selected for choice in content.choices):
        lines.append(Content.styled("  (nothing chosen yet)", styles.MUTED))
    return Content("\n").join(lines)


def _choice(choice: PickerChoice) -> Content:
    label = safe(choice.label or choice.value, max_chars=LABEL_CHARS, single_line=True)
    if choice.selected:
        return Content.assemble(("  ● ", styles.CHOSEN), label, ("  chosen", styles.CHOSEN))
    return Content.assemble(("  ○ ", styles.MUTED), label)


def field_body(content: FieldContent) -> Content:
    lines = [_prompt(content.text)]
    if content.explain:
        lines.append(safe(content.explain, style=styles.MUTED, max_chars=PROMPT_CHARS))
    value = (
        safe(content.value, max_chars=LABEL_CHARS * 4)
        if content.value
        else Content.styled("(not answered yet)", styles.MUTED)
    )
    lines.append(Content.assemble(("Answer: ", styles.LABEL), value))
    return Content("\n").join(lines)


def carousel_body(content: CarouselContent) -> Content:
    return Content("\n").join([_prompt(content.text), *_capped(content.targets, _carousel_target)])


def _carousel_target(target: CarouselTarget) -> Content:
    lines = [
        Content.assemble(
            ("▸ ", styles.MUTED),
            safe(
                target.title or "(untitled)", style="bold", max_chars=LABEL_CHARS, single_line=True
            ),
        )
    ]
    if target.description:
        lines.append(
            safe(target.description, max_chars=LABEL_CHARS * 4, single_line=True).pad_left(2)
        )
    if target.image:
        lines.append(Content.assemble(("  image ", styles.MUTED), url_line(target.image)))
    lines += _capped(target.actions, _carousel_action)
    return Content("\n").join(lines)


def _carousel_action(action: tuple[str, str]) -> Content:
    label, url = action
    return Content.assemble(
        ("  [", styles.MUTED),
        safe(label or "open", max_chars=LABEL_CHARS, single_line=True),
        ("] ", styles.MUTED),
        url_line(url),
    )


def _capped(items: Sequence[T], render: Callable[[T], Content]) -> list[Content]:
    """The first MAX_ITEMS rendered, then how many more there are."""
    lines = [render(item) for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        lines.append(Content.styled(f"  … {len(items) - MAX_ITEMS} more", styles.MUTED))
    return lines


def _prompt(text: str) -> Content:
    if not text:
        return Content.styled("(no question)", styles.MUTED)
    return safe(text, max_chars=PROMPT_CHARS)


def typing_line(name: str, excerpt: str) -> Content:
    """`Alice is typing: what they typed so far`, under the last message while the visitor types."""
    who = safe(name, max_chars=NAME_CHARS, single_line=True)
    typed = safe(excerpt, style="italic", max_chars=200, single_line=True)
    return Content.assemble(who, (" is typing: ", styles.MUTED), typed)


def event_line(message: Message) -> Content:
    """A system event as one line with its time: "Conversation resolved · 14:05"."""
    return Content.assemble(
        message_body(message), (f" · {clock_time(message.timestamp)}", styles.EVENT)
    )


def event_body(content: EventContent) -> Content:
    label = event_label(content.namespace, content.text)
    return safe(label, style=styles.EVENT, max_chars=LABEL_CHARS, single_line=True)


def unknown_body(message_type: str, content: UnknownContent | object) -> Content:
    """Types we do not know are shown as such with a short excerpt, never dropped."""
    kind = safe(message_type, max_chars=60, single_line=True)
    if message_type in KNOWN_TYPES:
        title = Content.assemble(
            ("[malformed ", styles.WARNING), kind, (" message]", styles.WARNING)
        )
    else:
        title = Content.assemble(
            ("[unsupported message type: ", styles.WARNING), kind, ("]", styles.WARNING)
        )
    raw = content.raw if isinstance(content, UnknownContent) else content
    if raw is None or raw == "":
        return title
    excerpt = safe(raw, style=styles.MUTED, max_chars=EXCERPT_CHARS, single_line=True)
    return Content.assemble(title, "\n", excerpt)


_BODIES: dict[type, Callable[[Any], Content]] = {
    str: text_body,
    FileContent: file_body,
    AnimationContent: animation_body,
    AudioContent: audio_body,
    PickerContent: picker_body,
    FieldContent: field_body,
    CarouselContent: carousel_body,
    EventContent: event_body,
}


# --- links ------------------------------------------------------------------------------------


def message_links(message: Message) -> list[str]:
    """Safe http(s)/mailto URLs of a message: attachments, carousel actions, links in text."""
    content = message.content
    if isinstance(content, (FileContent, AnimationContent, AudioContent)):
        candidates = [content.url]
    elif isinstance(content, CarouselContent):
        candidates = _urls_in(content.text)
        for target in content.targets:
            candidates += [url for _, url in target.actions]
            candidates.append(target.image)
    elif isinstance(content, (PickerContent, FieldContent)):
        candidates = _urls_in(content.text)
    elif isinstance(content, str):
        candidates = _urls_in(content)
    else:
        candidates = []
    return [url for candidate in candidates if (url := safe_url(candidate))]


def _urls_in(text: str) -> list[str]:
    return [match.rstrip(_URL_TRAILER) for match in _URL_IN_TEXT.findall(clean(text))]
