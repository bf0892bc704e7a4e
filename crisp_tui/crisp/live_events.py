"""RTM events as typed values: what Crisp pushes over the live socket (docs/crisp-api.md).

Parsing is lenient like the REST models: unknown events keep their payload as a plain
`LiveEvent`, missing keys take defaults. Every session event carries `session_id`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .models import Message, MessageUser
from .parse import as_int, as_map, as_opt_int, as_opt_str, as_str

# What an agent's inbox needs; `crisp-tui listen --events` may ask for others.
INBOX_EVENTS = (
    "message:send",
    "message:received",
    "message:updated",
    "message:removed",
    "message:compose:send",
    "message:compose:receive",
    "message:acknowledge:read:send",
    "message:acknowledge:read:received",
    "message:acknowledge:unread:send",
    "message:acknowledge:delivered",
    "session:request:initiated",
    "session:set_state",
    "session:set_routing",
    "session:set_block",
    "session:set_inbox",
    "session:set_mentions",
    "session:set_participants",
    "session:set_email",
    "session:set_phone",
    "session:set_nickname",
    "session:set_subject",
    "session:set_avatar",
    "session:set_segments",
    "session:set_data",
    "session:set_opened",
    "session:set_closed",
    "session:removed",
    "bucket:url:upload:generated",  # the signed URL to upload a file to (crisp/uploads.py)
)
UPLOAD_URL_EVENT = "bucket:url:upload:generated"

# Every event name Crisp's RTM accepts: the inbox's and these. The official Node client refuses
# any other (node-crisp-api `DEFAULT_RTM_EVENTS` in lib/crisp.ts @5cf608e), and Crisp would send
# nothing for it.
CRISP_EVENTS = frozenset(INBOX_EVENTS) | frozenset(
    (
        "session:update_availability",
        "session:update_verify",
        "session:set_address",
        "session:set_origin",
        "session:sync:pages",
        "session:sync:events",
        "session:sync:capabilities",
        "session:sync:geolocation",
        "session:sync:system",
        "session:sync:network",
        "session:sync:timezone",
        "session:sync:locales",
        "session:sync:rating",
        "session:sync:topic",
        "session:error",
        "message:acknowledge:ignored",
        "message:notify:unread:send",
        "message:notify:unread:received",
        "spam:message",
        "spam:decision",
        "people:profile:created",
        "people:profile:updated",
        "people:profile:removed",
        "people:bind:session",
        "people:sync:profile",
        "people:import:progress",
        "people:import:done",
        "campaign:progress",
        "campaign:dispatched",
        "campaign:running",
        "browsing:request:initiated",
        "browsing:request:rejected",
        "call:request:initiated",
        "call:request:rejected",
        "identity:verify:request",
        "status:health:changed",
        "website:update_visitors_count",
        "website:update_operators_availability",
        "website:users:available",
        "bucket:url:avatar:generated",
        "bucket:url:website:generated",
        "bucket:url:campaign:generated",
        "bucket:url:helpdesk:generated",
        "bucket:url:status:generated",
        "bucket:url:processing:generated",
        "media:animation:listed",
        "email:subscribe",
        "email:track:view",
        "plugin:channel",
        "plugin:event",
        "plugin:subscription:updated",
        "plugin:settings:saved",
    )
)


@dataclass(frozen=True)
class LiveEvent:
    name: str
    session_id: str
    payload: Mapping[str, Any]  # as Crisp sent it: untrusted text inside


@dataclass(frozen=True)
class MessageEvent(LiveEvent):
    """`message:send` (a visitor wrote) or `message:received` (an operator wrote, notes too)."""

    message: Message


@dataclass(frozen=True)
class MessageChangedEvent(LiveEvent):
    """`message:updated` (its new `content`, shaped like its type) or `message:removed`."""

    fingerprint: int
    removed: bool
    content: Any  # untrusted, as Crisp sent it; None for a removal


@dataclass(frozen=True)
class StateEvent(LiveEvent):
    state: str


@dataclass(frozen=True)
class RoutingEvent(LiveEvent):
    assigned_to: str | None


@dataclass(frozen=True)
class ComposeEvent(LiveEvent):
    """Someone is typing: the visitor (`message:compose:send`) or an operator (`…:receive`)."""

    typing: bool
    excerpt: str
    by_visitor: bool
    user: MessageUser


@dataclass(frozen=True)
class ViewingEvent(LiveEvent):
    """An operator opened (`session:set_opened`) or left (`…_closed`) the conversation."""

    opened: bool
    user: MessageUser


@dataclass(frozen=True)
class UploadUrlEvent(LiveEvent):
    """`bucket:url:upload:generated`: where to PUT a file, and the URL it will then have."""

    request_id: str
    signed_url: str
    resource_url: str
    size_limit: int | None


def parse_event(name: str, raw: Any) -> LiveEvent:
    payload = as_map(raw)
    base = (name, as_str(payload.get("session_id")), payload)
    if name in ("message:send", "message:received"):
        return MessageEvent(*base, Message.parse(payload))
    if name in ("message:updated", "message:removed"):
        removed = name == "message:removed"
        content = None if removed else payload.get("content")
        return MessageChangedEvent(*base, as_int(payload.get("fingerprint")), removed, content)
    if name == "session:set_state":
        return StateEvent(*base, as_str(payload.get("state")))
    if name == "session:set_routing":
        return RoutingEvent(*base, as_opt_str(payload.get("routing_id")) or None)
    if name in ("message:compose:send", "message:compose:receive"):
        return ComposeEvent(
            *base,
            typing=payload.get("type") == "start",
            excerpt=as_str(payload.get("excerpt")),
            by_visitor=name.endswith(":send"),
            user=MessageUser.parse(payload.get("user")),
        )
    if name == UPLOAD_URL_EVENT:
        url, policy = as_map(payload.get("url")), as_map(payload.get("policy"))
        return UploadUrlEvent(
            *base,
            request_id=as_str(payload.get("id")),
            signed_url=as_str(url.get("signed")),
            resource_url=as_str(url.get("resource")),
            size_limit=as_opt_int(policy.get("size_limit")),
        )
    if name in ("session:set_opened", "session:set_closed"):
        return ViewingEvent(
            *base, name.endswith("opened"), MessageUser.parse(payload.get("operator"))
        )
    return LiveEvent(*base)
