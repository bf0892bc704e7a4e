"""Immutable models of Crisp objects, parsed leniently.

Unknown keys are ignored, missing keys get defaults, "" means "not set", and a message type we do
not know yet is kept with its raw content. Each model keeps the `raw` JSON it came from (for
`--json` output and for types we do not model), excluded from equality and repr.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .parse import (
    as_bool,
    as_int,
    as_list,
    as_map,
    as_opt_int,
    as_opt_str,
    as_str,
    as_str_tuple,
)

State = Literal["pending", "unresolved", "resolved"]
STATES: tuple[State, ...] = ("pending", "unresolved", "resolved")

_RAW = field(default_factory=dict, repr=False, compare=False)
REMOVED_KEY = "crisp_tui_removed"  # our mark on a cached message Crisp removed since


# --- message contents -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileContent:
    name: str
    url: str
    mime_type: str

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> FileContent:
        return cls(as_str(raw.get("name")), as_str(raw.get("url")), as_str(raw.get("type")))


@dataclass(frozen=True, slots=True)
class AnimationContent:
    url: str
    mime_type: str

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> AnimationContent:
        return cls(as_str(raw.get("url")), as_str(raw.get("type")))


@dataclass(frozen=True, slots=True)
class AudioContent:
    url: str
    mime_type: str
    duration: int | None  # seconds

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> AudioContent:
        return cls(as_str(raw.get("url")), as_str(raw.get("type")), as_opt_int(raw.get("duration")))


@dataclass(frozen=True, slots=True)
class PickerChoice:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True, slots=True)
class PickerContent:
    id: str
    text: str
    choices: tuple[PickerChoice, ...]

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> PickerContent:
        choices = tuple(
            PickerChoice(
                as_str(choice.get("value")),
                as_str(choice.get("label")),
                as_bool(choice.get("selected")),
            )
            for item in as_list(raw.get("choices"))
            if (choice := as_map(item))
        )
        return cls(as_str(raw.get("id")), as_str(raw.get("text")), choices)


@dataclass(frozen=True, slots=True)
class FieldContent:
    id: str
    text: str
    explain: str
    value: str

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> FieldContent:
        return cls(
            as_str(raw.get("id")),
            as_str(raw.get("text")),
            as_str(raw.get("explain")),
            as_str(raw.get("value")),
        )


@dataclass(frozen=True, slots=True)
class CarouselTarget:
    title: str
    description: str
    image: str
    actions: tuple[tuple[str, str], ...]  # (label, url)


@dataclass(frozen=True, slots=True)
class CarouselContent:
    text: str
    targets: tuple[CarouselTarget, ...]

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> CarouselContent:
        targets = []
        for item in as_list(raw.get("targets")):
            target = as_map(item)
            actions = tuple(
                (as_str(action.get("label")), as_str(action.get("url")))
                for entry in as_list(target.get("actions"))
                if (action := as_map(entry))
            )
            targets.append(
                CarouselTarget(
                    as_str(target.get("title")),
                    as_str(target.get("description")),
                    as_str(target.get("image")),
                    actions,
                )
            )
        return cls(as_str(raw.get("text")), tuple(targets))


@dataclass(frozen=True, slots=True)
class EventContent:
    namespace: str
    text: str

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> EventContent:
        return cls(as_str(raw.get("namespace")), as_str(raw.get("text")))


@dataclass(frozen=True, slots=True)
class UnknownContent:
    """Content of a message type this client does not know; shown as such, never dropped."""

    raw: Any


MessageContent = (
    str
    | FileContent
    | AnimationContent
    | AudioContent
    | PickerContent
    | FieldContent
    | CarouselContent
    | EventContent
    | UnknownContent
)

_OBJECT_CONTENT = {
    "file": FileContent,
    "animation": AnimationContent,
    "audio": AudioContent,
    "picker": PickerContent,
    "field": FieldContent,
    "carousel": CarouselContent,
    "event": EventContent,
}


def parse_content(message_type: str, raw: Any) -> MessageContent:
    if message_type in ("text", "note"):
        return as_str(raw)
    parser = _OBJECT_CONTENT.get(message_type)
    if parser is None or not isinstance(raw, Mapping):
        return UnknownContent(raw)
    return parser.parse(raw)


# --- messages ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageUser:
    user_id: str | None
    nickname: str
    avatar: str

    @classmethod
    def parse(cls, raw: Any) -> MessageUser:
        data = as_map(raw)
        return cls(
            as_opt_str(data.get("user_id")),
            as_str(data.get("nickname")),
            as_str(data.get("avatar")),
        )


@dataclass(frozen=True, slots=True)
class Message:
    session_id: str
    type: str
    sender: str  # "user" (the visitor) or "operator"; the API calls it `from`
    origin: str
    content: MessageContent
    fingerprint: int
    timestamp: int  # ms
    read: bool
    delivered: bool
    user: MessageUser
    mentions: tuple[str, ...]
    edited: bool
    translated: bool
    automated: bool
    raw: Mapping[str, Any] = _RAW
    # Removed on Crisp after we cached it: kept as a tombstone, content dropped. A local mark
    # (`REMOVED_KEY` in the cached raw): Crisp's own copies never carry it.
    removed: bool = False

    @property
    def from_visitor(self) -> bool:
        return self.sender == "user"

    @property
    def is_note(self) -> bool:
        return self.type == "note"

    @classmethod
    def parse(cls, raw: Any) -> Message:
        data = as_map(raw)
        message_type = as_str(data.get("type"), "text") or "text"
        return cls(
            session_id=as_str(data.get("session_id")),
            type=message_type,
            sender=as_str(data.get("from"), "user") or "user",
            origin=as_str(data.get("origin"), "chat") or "chat",
            content=parse_content(message_type, data.get("content")),
            fingerprint=as_int(data.get("fingerprint")),
            timestamp=as_int(data.get("timestamp")),
            read=as_bool(data.get("read")),
            delivered=as_bool(data.get("delivered")),
            user=MessageUser.parse(data.get("user")),
            mentions=as_str_tuple(data.get("mentions")),
            edited=as_bool(data.get("edited")),
            translated=as_bool(data.get("translated")),
            automated=as_bool(data.get("automated")),
            raw=data,
            removed=data.get(REMOVED_KEY) is True,
        )


@dataclass(frozen=True, slots=True)
class MessageBatch:
    """One page of `GET …/messages`: oldest first; `has_more` when Crisp answered 206."""

    messages: tuple[Message, ...]
    has_more: bool

    @property
    def oldest_timestamp(self) -> int | None:
        return min((m.timestamp for m in self.messages), default=None)


# --- conversations ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Geolocation:
    country: str
    region: str
    city: str

    @classmethod
    def parse(cls, raw: Any) -> Geolocation:
        data = as_map(raw)
        return cls(
            as_str(data.get("country")), as_str(data.get("region")), as_str(data.get("city"))
        )


@dataclass(frozen=True, slots=True)
class Device:
    geolocation: Geolocation
    os: str
    browser: str
    engine: str
    useragent: str
    timezone_offset: int | None  # minutes, as Crisp sends it
    locales: tuple[str, ...]

    @classmethod
    def parse(cls, raw: Any) -> Device:
        data = as_map(raw)
        system = as_map(data.get("system"))
        return cls(
            geolocation=Geolocation.parse(data.get("geolocation")),
            os=_name_version(system.get("os")),
            browser=_name_version(system.get("browser")),
            engine=_name_version(system.get("engine")),
            useragent=as_str(system.get("useragent")),
            timezone_offset=as_opt_int(data.get("timezone")),
            locales=as_str_tuple(data.get("locales")),
        )


def _name_version(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    data = as_map(raw)
    return " ".join(p for p in (as_str(data.get("name")), as_str(data.get("version"))) if p)


@dataclass(frozen=True, slots=True)
class ConversationMeta:
    nickname: str
    email: str
    phone: str
    address: str
    subject: str
    ip: str
    segments: tuple[str, ...]
    data: Mapping[str, Any]
    device: Device
    raw: Mapping[str, Any] = _RAW

    @classmethod
    def parse(cls, raw: Any) -> ConversationMeta:
        data = as_map(raw)
        return cls(
            nickname=as_str(data.get("nickname")),
            email=as_str(data.get("email")),
            phone=as_str(data.get("phone")),
            address=as_str(data.get("address")),
            subject=as_str(data.get("subject")),
            ip=as_str(data.get("ip")),
            segments=as_str_tuple(data.get("segments")),
            data=as_map(data.get("data")),
            device=Device.parse(data.get("device")),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class PreviewMessage:
    type: str
    sender: str
    excerpt: str
    fingerprint: int

    @classmethod
    def parse(cls, raw: Any) -> PreviewMessage:
        data = as_map(raw)
        return cls(
            as_str(data.get("type")),
            as_str(data.get("from")),
            as_str(data.get("excerpt")),
            as_int(data.get("fingerprint")),
        )


@dataclass(frozen=True, slots=True)
class Conversation:
    session_id: str
    website_id: str
    inbox_id: str | None
    people_id: str | None
    state: str
    is_verified: bool
    is_blocked: bool
    availability: str
    active_now: bool
    active_last: int | None
    last_message: str
    preview_message: PreviewMessage
    topic: str
    mentions: tuple[str, ...]
    unread_operator: int  # visitor messages the operators have not read
    unread_visitor: int
    assigned_user_id: str | None
    meta: ConversationMeta
    created_at: int
    updated_at: int
    waiting_since: int | None
    raw: Mapping[str, Any] = _RAW

    @property
    def visitor_name(self) -> str:
        """The contact's current name ("" when Crisp knows none)."""
        return self.meta.nickname or self.meta.email

    @property
    def display_name(self) -> str:
        return self.visitor_name or "Visitor"

    @property
    def is_open(self) -> bool:
        return self.state != "resolved"

    def patched(self, **raw_fields: Any) -> Conversation:
        """This conversation with some raw fields replaced, parsed again (so `raw` stays true)."""
        return Conversation.parse({**self.raw, **raw_fields})

    @classmethod
    def parse(cls, raw: Any) -> Conversation:
        data = as_map(raw)
        active = as_map(data.get("active"))
        unread = as_map(data.get("unread"))
        assigned = as_map(data.get("assigned"))
        state = as_str(data.get("state"))
        return cls(
            session_id=as_str(data.get("session_id")),
            website_id=as_str(data.get("website_id")),
            inbox_id=as_opt_str(data.get("inbox_id")),
            people_id=as_opt_str(data.get("people_id")),
            state=state if state in STATES else "unresolved",
            is_verified=as_bool(data.get("is_verified")),
            is_blocked=as_bool(data.get("is_blocked")),
            availability=as_str(data.get("availability")),
            active_now=as_bool(active.get("now")),
            active_last=as_opt_int(active.get("last")),
            last_message=as_str(data.get("last_message")),
            preview_message=PreviewMessage.parse(data.get("preview_message")),
            topic=as_str(data.get("topic")),
            mentions=as_str_tuple(data.get("mentions")),
            unread_operator=as_int(unread.get("operator")),
            unread_visitor=as_int(unread.get("visitor")),
            assigned_user_id=as_opt_str(assigned.get("user_id")),
            meta=ConversationMeta.parse(data.get("meta")),
            created_at=as_int(data.get("created_at")),
            updated_at=as_int(data.get("updated_at")),
            waiting_since=as_opt_int(data.get("waiting_since")),
            raw=data,
        )


# --- website and operators --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Operator:
    user_id: str
    email: str
    first_name: str
    last_name: str
    role: str
    availability: str
    raw: Mapping[str, Any] = _RAW

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.email or self.user_id

    @classmethod
    def parse(cls, raw: Any) -> Operator:
        data = as_map(raw)
        details = as_map(data.get("details"))  # `[{"type", "details": {…}}]`, snake case
        return cls(
            user_id=as_str(details.get("user_id")),
            email=as_str(details.get("email")),
            first_name=as_str(details.get("first_name")),
            last_name=as_str(details.get("last_name")),
            role=as_str(details.get("role")),
            availability=as_str(details.get("availability")),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class Website:
    website_id: str
    name: str
    domain: str
    logo: str | None  # often absent
    verified: bool
    institutional: bool
    raw: Mapping[str, Any] = _RAW

    @classmethod
    def parse(cls, raw: Any) -> Website:
        data = as_map(raw)
        return cls(
            as_str(data.get("website_id")),
            as_str(data.get("name")),
            as_str(data.get("domain")),
            as_opt_str(data.get("logo")),
            as_bool(data.get("verified")),
            as_bool(data.get("institutional")),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class WebsiteInbox:
    """A Crisp inbox (`GET /website/{w}/inboxes/list/{page}`); its conversations carry its id."""

    inbox_id: str
    name: str
    emoji: str
    order: int
    raw: Mapping[str, Any] = _RAW

    @classmethod
    def parse(cls, raw: Any) -> WebsiteInbox:
        data = as_map(raw)
        return cls(
            as_str(data.get("inbox_id")),
            as_str(data.get("name")),
            as_str(data.get("emoji")),
            as_int(data.get("order")),
            raw=data,
        )


@dataclass(frozen=True, slots=True)
class PageVisit:
    """A page the visitor browsed (`GET …/conversation/{s}/pages/{page}`)."""

    title: str
    url: str
    referrer: str
    timestamp: int | None  # ms

    @classmethod
    def parse(cls, raw: Any) -> PageVisit:
        data = as_map(raw)
        return cls(
            title=as_str(data.get("page_title")),
            url=as_str(data.get("page_url")),
            referrer=as_str(data.get("page_referrer")),
            timestamp=as_opt_int(data.get("timestamp")),
        )
