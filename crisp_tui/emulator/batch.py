"""The website batch routes: one request changes many conversations (docs/crisp-api.md, Batch).

`PATCH /website/{w}/batch/resolve|unresolve|read|unread` take `{"sessions": [...], "inbox_id"?}`;
`PATCH /website/{w}/batch/routing` takes `{"sessions": [...], "assigned": {"user_id"} | null}`.
Each conversation changes exactly as its single route would change it, RTM events included. The
whole body is checked before anything changes: a bad body or an unknown session changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from crisp_tui.emulator import validation as check
from crisp_tui.emulator.envelope import updated

if TYPE_CHECKING:  # routes.py lists these handlers in its table
    from crisp_tui.emulator.routes import Call

# A batch read or unread names no origin (the single routes require one): the chatbox's.
BATCH_ORIGIN = "chat"


def _sessions(call: Call, body: dict[str, Any], *, required: bool) -> list[str]:
    """The conversations a batch acts on, each known, in the order given, without repeats.
    Without `sessions`, the conversation batches act on every conversation (of `inbox_id`)."""
    inbox_id = check.optional(body, "inbox_id", str)
    sessions = body.get("sessions")
    if sessions is None:
        if required:
            raise check.invalid("sessions is required (a list of session ids)")
        everyone = call.world.conversations.items()
        return [sid for sid, c in everyone if inbox_id is None or c.get("inbox_id") == inbox_id]
    if not isinstance(sessions, list) or not all(isinstance(s, str) and s for s in sessions):
        raise check.invalid("sessions must be a list of session ids")
    if not sessions:
        raise check.invalid("sessions should NOT have fewer than 1 items")
    chosen = list(dict.fromkeys(sessions))
    for session_id in chosen:
        call.world.conversation(session_id)  # 404 not_found before anything changes
    if inbox_id is not None:
        chosen = [s for s in chosen if call.world.conversations[s].get("inbox_id") == inbox_id]
    return chosen


def _conversations_batch(call: Call) -> list[str]:
    return _sessions(call, check.require_object(call.body), required=False)


def batch_resolve(call: Call) -> Response:
    for session_id in _conversations_batch(call):
        call.world.set_state(session_id, "resolved", call.now_ms)
    return updated()


def batch_unresolve(call: Call) -> Response:
    for session_id in _conversations_batch(call):
        call.world.set_state(session_id, "unresolved", call.now_ms)
    return updated()


def batch_read(call: Call) -> Response:
    for session_id in _conversations_batch(call):
        call.world.mark(session_id, "read", "user", BATCH_ORIGIN, None)
    return updated()


def batch_unread(call: Call) -> Response:
    for session_id in _conversations_batch(call):
        call.world.mark_unread(session_id, "user")
    return updated()


def batch_routing(call: Call) -> Response:
    body = check.require_object(call.body)
    sessions = _sessions(call, body, required=True)
    user_id = check.assigned(body, call.world.operator_ids())
    for session_id in sessions:
        call.world.assign(session_id, user_id, call.now_ms)
    return updated()
