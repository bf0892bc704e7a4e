"""Handlers for the Crisp REST API v1 routes the emulator answers.

A handler takes a `Call` (world, path params, query, JSON body, clock reading) and returns a
Starlette response or raises `ApiError`. The dispatcher owns auth, faults, stats and the lock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from crisp_tui.emulator import batch, bucket, people
from crisp_tui.emulator import messages as msg
from crisp_tui.emulator import validation as check
from crisp_tui.emulator.envelope import ApiError, success, updated
from crisp_tui.emulator.inboxes import list_inboxes
from crisp_tui.emulator.message_changes import delete_message, patch_message
from crisp_tui.emulator.queries import list_conversations
from crisp_tui.emulator.rtm import RTM_PATH
from crisp_tui.emulator.world import (
    STATES,
    World,
    batch_after,
    batch_before,
    obj,
    timestamp_of,
    view,
)

SENDERS = ("user", "operator")


@dataclass
class Call:
    world: World
    params: dict[str, str]
    query: Mapping[str, str]
    body: Any
    now_ms: int
    batch_size: int
    on_message: Callable[[str, dict[str, Any]], None]
    origin: str = ""  # scheme://host the request came to, for URLs the API hands out

    @property
    def session_id(self) -> str:
        return self.params["session_id"]


Handler = Callable[[Call], Response]


def connect_endpoints(call: Call) -> Response:
    """Where the RTM socket is (node-crisp-api reads `socket.app`; `rescue` is its fallback)."""
    socket = {"app": call.origin + RTM_PATH}
    return success({"socket": socket, "rescue": {"socket": socket}})


def get_website(call: Call) -> Response:
    return success(call.world.website)


def list_operators(call: Call) -> Response:
    return success(call.world.operators)


def conversations(call: Call) -> Response:
    return success(list_conversations(call.world, int(call.params["page"]), call.query))


def get_conversation(call: Call) -> Response:
    return success(call.world.conversation(call.session_id))


def head_conversation(call: Call) -> Response:
    call.world.conversation(call.session_id)
    return Response(status_code=200)


def delete_conversation(call: Call) -> Response:
    call.world.remove(call.session_id)
    return success({}, "deleted")


def _timestamp_query(call: Call, name: str) -> int | None:
    raw = call.query.get(name, "")
    if raw and not (raw.isascii() and raw.isdigit()):  # "²".isdigit() is true
        raise ApiError(400, "invalid_data", f"{name} must be a timestamp in ms", "query")
    return int(raw) if raw else None


def get_messages(call: Call) -> Response:
    """`timestamp_before` (exclusive) pages back; `timestamp_after` (exclusive) gives what came
    since. 206 says more remain in the direction asked, 200 that this was the last batch."""
    before = _timestamp_query(call, "timestamp_before")
    after = _timestamp_query(call, "timestamp_after")
    history = call.world.history(call.session_id)
    if after is not None and before is None:
        batch, more = batch_after(history, after, call.batch_size)
    else:
        batch, more = batch_before(history, before, call.batch_size)
        if after is not None:
            batch = [m for m in batch if timestamp_of(m) > after]
            more = more and len(batch) == call.batch_size
    return success(batch, status=206 if more else 200)


def get_message(call: Call) -> Response:
    return success(call.world.find_message(call.session_id, int(call.params["fingerprint"])))


def post_message(call: Call) -> Response:
    world, body = call.world, check.require_object(call.body)
    conversation = world.conversation(call.session_id)
    type_ = check.choice(body, "type", msg.KNOWN_TYPES)
    sender = check.choice(body, "from", SENDERS)
    origin = check.origin(body)
    content = check.content(type_, body.get("content"))
    fingerprint = check.optional(body, "fingerprint", int)
    if fingerprint is not None and fingerprint <= 0:
        raise check.invalid("fingerprint must be a positive integer")
    user = check.optional(body, "user", dict)
    mentions = check.string_list(body, "mentions") or []
    check.optional(body, "stealth", bool)
    # A posted `timestamp` is honoured (imports back-date), so two messages can share one.
    timestamp = check.optional(body, "timestamp", int)
    if timestamp is not None and timestamp <= 0:
        raise check.invalid("timestamp must be a positive integer")
    timestamp = timestamp or call.now_ms
    stored = world.append(
        call.session_id,
        msg.message(
            session_id=call.session_id,
            website_id=world.website_id,
            type_=type_,
            sender=sender,
            content=content,
            fingerprint=fingerprint or world.new_fingerprint(timestamp),
            timestamp=timestamp,
            origin=origin,
            mentions=mentions,
            user=_author(world, user) if sender == "operator" else _visitor(world, call, user),
        ),
    )
    call.on_message(call.session_id, stored)
    if mentions:
        known = conversation.get("mentions")
        known = known if isinstance(known, list) else []
        conversation["mentions"] = known + [m for m in mentions if m not in known]
        world.emit("session:set_mentions", call.session_id, mentions=conversation["mentions"])
    return success({"fingerprint": stored["fingerprint"]}, "dispatched", 202)


def _author(world: World, user: dict[str, Any] | None) -> dict[str, Any]:
    """Who an operator message shows as: a known operator, else the name the caller gave."""
    user = user or {}
    known = world.operator_user(str(user.get("user_id", "")))
    author = known or {"type": "website", "nickname": world.website["name"], "avatar": ""}
    author.update({k: v for k, v in user.items() if k in ("nickname", "avatar") and v})
    return author


def _visitor(world: World, call: Call, user: dict[str, Any] | None) -> dict[str, Any]:
    """A visitor's message carries the chatbox's nickname of the moment, not the contact's."""
    author = world.visitor_user(call.session_id)
    if user and isinstance(user.get("nickname"), str) and user["nickname"]:
        author["nickname"] = user["nickname"]
    return author


def patch_read(call: Call) -> Response:
    return _mark(call, "read")


def patch_delivered(call: Call) -> Response:
    return _mark(call, "delivered")


def _mark(call: Call, field: str) -> Response:
    body = check.require_object(call.body)
    sender = check.choice(body, "from", SENDERS)
    origin = check.origin(body)
    call.world.mark(call.session_id, field, sender, origin, check.fingerprints(body))
    return updated()


def patch_unread(call: Call) -> Response:
    body = check.require_object(call.body)
    call.world.mark_unread(call.session_id, check.choice(body, "from", SENDERS))
    return updated()


def patch_compose(call: Call) -> Response:
    body = check.require_object(call.body)
    conversation = call.world.conversation(call.session_id)
    kind = check.choice(body, "type", ("start", "stop"))
    side = "operator" if check.choice(body, "from", SENDERS) == "operator" else "visitor"
    excerpt = check.optional(body, "excerpt", str) or ""
    obj(conversation, "compose")[side] = {
        "type": kind,
        "excerpt": excerpt,
        "timestamp": call.now_ms,
    }
    typing = {"type": kind, "excerpt": excerpt, "timestamp": call.now_ms}
    if side == "operator":
        user = call.world.operator_user(str(view(body, "user").get("user_id", "")))
        typing["user"] = user or {"nickname": call.world.website["name"]}
    call.world.emit(
        f"message:compose:{'receive' if side == 'operator' else 'send'}", call.session_id, **typing
    )
    return updated()


def get_state(call: Call) -> Response:
    return success({"state": call.world.conversation(call.session_id).get("state")})


def patch_state(call: Call) -> Response:
    state = check.choice(check.require_object(call.body), "state", STATES)
    call.world.set_state(call.session_id, state, call.now_ms)
    return updated()


def get_meta(call: Call) -> Response:
    return success(call.world.conversation(call.session_id).get("meta", {}))


def patch_meta(call: Call) -> Response:
    changes = check.meta_changes(call.body)
    conversation = call.world.conversation(call.session_id)
    obj(conversation, "meta").update(changes)
    call.world.touch(conversation, call.now_ms)
    for field, value in changes.items():
        call.world.emit(f"session:set_{field}", call.session_id, **{field: value})
    return updated()


def get_routing(call: Call) -> Response:
    assigned = view(call.world.conversation(call.session_id), "assigned")
    return success({"assigned": assigned} if assigned.get("user_id") else {})


def patch_routing(call: Call) -> Response:
    body = check.require_object(call.body)
    call.world.conversation(call.session_id)
    check.optional(body, "silent", bool)
    user_id = check.assigned(body, call.world.operator_ids())
    call.world.assign(call.session_id, user_id, call.now_ms)
    return updated()


def get_block(call: Call) -> Response:
    return success({"blocked": bool(call.world.conversation(call.session_id).get("is_blocked"))})


def patch_block(call: Call) -> Response:
    body = check.require_object(call.body)
    if not isinstance(body.get("blocked"), bool):
        raise check.invalid("blocked must be a boolean")
    conversation = call.world.conversation(call.session_id)
    conversation["is_blocked"] = body["blocked"]
    call.world.touch(conversation, call.now_ms)
    call.world.emit("session:set_block", call.session_id, is_blocked=body["blocked"])
    return updated()


_W = "/website/{website_id}"
_C = _W + "/conversation/{session_id}"

# (method, path template under /v1, handler). {page} and {fingerprint} only match digits.
ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/plugin/connect/endpoints", connect_endpoints),
    ("GET", "/website/connect/endpoints", connect_endpoints),
    ("POST", "/bucket/url/generate", bucket.generate_url),
    ("GET", _W, get_website),
    ("GET", _W + "/operators/list", list_operators),
    ("GET", _W + "/inboxes/list/{page}", list_inboxes),
    ("GET", _W + "/conversations/{page}", conversations),
    ("GET", _C, get_conversation),
    ("HEAD", _C, head_conversation),
    ("DELETE", _C, delete_conversation),
    ("GET", _C + "/messages", get_messages),
    ("POST", _C + "/message", post_message),
    ("GET", _C + "/message/{fingerprint}", get_message),
    ("PATCH", _C + "/message/{fingerprint}", patch_message),
    ("DELETE", _C + "/message/{fingerprint}", delete_message),
    ("PATCH", _C + "/read", patch_read),
    ("PATCH", _C + "/unread", patch_unread),
    ("PATCH", _C + "/delivered", patch_delivered),
    ("PATCH", _C + "/compose", patch_compose),
    ("GET", _C + "/state", get_state),
    ("PATCH", _C + "/state", patch_state),
    ("GET", _C + "/meta", get_meta),
    ("PATCH", _C + "/meta", patch_meta),
    ("GET", _C + "/pages/{page}", people.conversation_pages),
    ("GET", _W + "/people/conversations/{people_id}/list/{page}", people.people_conversations),
    ("GET", _C + "/routing", get_routing),
    ("PATCH", _C + "/routing", patch_routing),
    ("GET", _C + "/block", get_block),
    ("PATCH", _C + "/block", patch_block),
    ("PATCH", _W + "/batch/resolve", batch.batch_resolve),
    ("PATCH", _W + "/batch/unresolve", batch.batch_unresolve),
    ("PATCH", _W + "/batch/read", batch.batch_read),
    ("PATCH", _W + "/batch/unread", batch.batch_unread),
    ("PATCH", _W + "/batch/routing", batch.batch_routing),
)

POST_MESSAGE = "POST " + _C + "/message"


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"


def _compile(template: str) -> re.Pattern[str]:
    def group(match: re.Match[str]) -> str:
        name = match.group(1)
        return rf"(?P<{name}>\d+)" if name in ("page", "fingerprint") else rf"(?P<{name}>[^/]+)"

    return re.compile("^" + re.sub(r"\{(\w+)\}", group, template) + "$")


COMPILED = tuple(Route(m, t, _compile(t), h) for m, t, h in ROUTES)


def resolve(method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in COMPILED:
        if route.method == method:
            match = route.pattern.match(path)
            if match:
                return route, match.groupdict()
    return None
