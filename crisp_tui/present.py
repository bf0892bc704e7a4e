"""How crisp-tui says things, in the TUI and the CLI alike: times and durations, states,
assignees, who wrote a message, message kinds and events. No Textual, no I/O.

The functions return plain strings built from Crisp data: callers clean them (`untrusted.clean`,
`tui.safe_text.safe`) before they reach a terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit

from .crisp.models import Conversation, EventContent, Message, Operator

# A day inside the calendar's ends, so any local offset stays representable.
_FIRST_MS = -62_135_596_800_000 + 86_400_000  # 0001-01-02 UTC
_LAST_MS = 253_402_300_800_000 - 86_400_000  # 9999-12-31 UTC

# --- times ------------------------------------------------------------------------------------


def local_datetime(ms: int) -> datetime:
    """A Crisp millisecond timestamp as an aware datetime in the local timezone (TZ is
    respected). Junk beyond the calendar (a malformed payload) is clamped to its ends."""
    ms = min(max(ms, _FIRST_MS), _LAST_MS)
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone()


def now_local(now: float) -> datetime:
    """`now` (seconds since the epoch, like `time.time()`) in the local timezone."""
    return local_datetime(int(now * 1000))


def clock_time(ms: int) -> str:
    """Local `HH:MM`."""
    return local_datetime(ms).strftime("%H:%M")


def local_time(ms: int | None) -> str:
    """`2024-03-05 14:05` in the local timezone; "" when unknown."""
    return local_datetime(ms).strftime("%Y-%m-%d %H:%M") if ms else ""


def short_time(ms: int | None, now_ms: int) -> str:
    """A local time for a table cell: `14:05` today, `Mar 05 14:05` this year, else the date."""
    if not ms:
        return ""
    when, now = local_datetime(ms), local_datetime(now_ms)
    if when.date() == now.date():
        return when.strftime("%H:%M")
    return when.strftime("%b %d %H:%M" if when.year == now.year else "%Y-%m-%d")


def day_label(ms: int, now: datetime) -> str:
    """`Today`, `Yesterday`, or `Tue 12 Mar 2024` for the local day of `ms`."""
    day = local_datetime(ms).date()
    today = now.date()
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    return f"{day:%a} {day.day} {day:%b %Y}"


def duration(seconds: float) -> str:
    """How long something lasted or has waited, the one spelling used everywhere:
    "now", "12m", "2h05m", "3d04h", then whole days ("45d"). No spaces: a CLI table cell
    stays one word for `awk`."""
    minutes = max(0, int(seconds)) // 60
    if minutes < 1:
        return "now"
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days >= 7:
        return f"{days}d"
    if days:
        return f"{days}d{hours:02}h"
    if hours:
        return f"{hours}h{minutes:02}m"
    return f"{minutes}m"


def age(ms: int | None, now: float) -> str:
    """`duration` since the millisecond timestamp `ms` (`now` in epoch seconds); "" if unknown."""
    return duration(now - ms / 1000) if ms else ""


def media_duration(seconds: int) -> str:
    """Audio length as "m:ss" ("1:05"), or "h:mm:ss" past an hour."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02}:{secs:02}"
    return f"{minutes}:{secs:02}"


def visitor_local_time(offset_minutes: int, now: float) -> datetime | None:
    """The visitor's wall clock, or None for an impossible offset. Crisp sends the browser's
    offset: minutes *behind* UTC (UTC+2 is -120), as JavaScript's `getTimezoneOffset()` does."""
    if abs(offset_minutes) >= 24 * 60:
        return None
    return datetime.fromtimestamp(now, tz=timezone(-timedelta(minutes=offset_minutes)))


def utc_offset_label(offset_minutes: int) -> str:
    """`UTC+2`, `UTC-8`, `UTC+5:30` for a browser offset (see `visitor_local_time`)."""
    total = -offset_minutes
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02}" if minutes else "")


# --- conversations ----------------------------------------------------------------------------

STATES = ("unresolved", "pending", "resolved")
# The mark of each state in the inbox list, and what help says about it.
STATE_MARKS: dict[str, tuple[str, str]] = {
    "unresolved": ("●", "open, not resolved"),
    "pending": ("◐", "pending"),
    "resolved": ("✓", "resolved"),
}


def state_label(state: str) -> str:
    """Crisp's name of a state; anything else is shown as unresolved, as Crisp treats it."""
    return state if state in STATES else "unresolved"


def is_waiting(conversation: Conversation) -> bool:
    """The visitor waits for a reply: the conversation is open and Crisp says since when."""
    return conversation.is_open and bool(conversation.waiting_since)


def last_activity(conversation: Conversation) -> int:
    """When the conversation last moved (ms): the one clock the list shows for every row."""
    return conversation.updated_at or conversation.created_at


def first_name(operator: Operator) -> str:
    return operator.first_name or operator.display_name


def assignee_name(
    user_id: str | None, operators: Mapping[str, Operator], me: str | None, *, short: bool = False
) -> str:
    """ "you", the operator's name (first name when `short`), their id when unknown, or ""
    when nobody is assigned."""
    if not user_id:
        return ""
    if user_id == me:
        return "you"
    operator = operators.get(user_id)
    if operator is None:
        return user_id
    return first_name(operator) if short else operator.display_name


def assignee_label(user_id: str | None, operators: Mapping[str, Operator], me: str | None) -> str:
    """ "unassigned", "assigned to you", "assigned to Jane Doe"."""
    name = assignee_name(user_id, operators, me)
    return f"assigned to {name}" if name else "unassigned"


def last_author(
    conversation: Conversation,
    message: Message | None,
    operators: Mapping[str, Operator],
    me: str | None,
) -> str:
    """Who wrote the last message, for the list: "" for the visitor (the row is theirs) and for
    an event; "You" when the configured operator wrote it, a colleague's first name, or "Team"
    for an operator message we do not have (Crisp's preview does not name its author).
    `message` is the cached message with the preview's fingerprint, if any."""
    preview = conversation.preview_message
    if preview.sender != "operator" or preview.type == "event":
        return ""
    if message is None or message.fingerprint != preview.fingerprint:
        return "Team"
    user_id = message.user.user_id
    if me and user_id == me:
        return "You"
    operator = operators.get(user_id or "")
    if operator is not None:
        return first_name(operator)
    return message.user.nickname or "Team"


_MEDIA_TYPES = frozenset({"file", "audio", "animation"})


def preview_text(conversation: Conversation, message: Message | None = None) -> str:
    """The last message in a line: an event says what happened (from the cached `message` when
    we have it, since Crisp's preview of one is "Conversation event"), any other the preview."""
    preview = conversation.preview_message
    if preview.type == "event":
        if message is not None and message.fingerprint == preview.fingerprint:
            content = message.content
            if isinstance(content, EventContent):
                return event_label(content.namespace, content.text)
        return event_label("", preview.excerpt or conversation.last_message)
    text = preview.excerpt or conversation.last_message
    if preview.type in _MEDIA_TYPES and text.startswith(("https://", "http://")):
        # A file's preview is its address: the kind and the file's name say more in a row.
        name = unquote(urlsplit(text).path.rsplit("/", 1)[-1])
        return f"{message_kind(preview.type)} {name}".rstrip()
    return text


# --- messages ---------------------------------------------------------------------------------

MESSAGE_KINDS: dict[str, str] = {
    "text": "Message",
    "note": "Private note",
    "file": "File",
    "animation": "Animation",
    "audio": "Audio message",
    "picker": "Choice",
    "field": "Question",
    "carousel": "Carousel",
    "event": "Event",
}


def message_kind(message_type: str) -> str:
    """The name of a message type for people; a type we do not know keeps its own name."""
    return MESSAGE_KINDS.get(message_type, message_type or "message")


def sender_name(message: Message, *, visitor_name: str = "") -> str:
    """Who wrote a message. For the visitor, the contact's current name (`visitor_name`, from
    the conversation's meta) wins over the chatbox's snapshot the message carries."""
    if message.from_visitor:
        return visitor_name or message.user.nickname or "Visitor"
    return message.user.nickname or "Operator"


# Events Crisp writes into a conversation, by namespace.
_EVENTS: dict[str, str] = {
    "state:resolved": "Conversation resolved",
    "state:unresolved": "Conversation reopened",
    "state:pending": "Conversation marked pending",
    "user:blocked": "Visitor blocked",
    "user:unblocked": "Visitor unblocked",
    "reminder:scheduled": "Reminder scheduled",
}
_GENERIC_EVENT_TEXTS = frozenset({"conversation event", "event"})


def event_label(namespace: str, text: str) -> str:
    """What happened: Crisp's own text when it says something, else the event's name from its
    namespace ("Reminder scheduled"), or the namespace itself when we do not know it."""
    if text.strip() and text.strip().lower() not in _GENERIC_EVENT_TEXTS:
        return text
    return _EVENTS.get(namespace, namespace) or "Event"
