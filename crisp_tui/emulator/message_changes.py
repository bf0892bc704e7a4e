"""Editing and removing one message: `PATCH` / `DELETE …/conversation/{s}/message/{fingerprint}`.

As the official clients have it (docs/crisp-api.md): the PATCH body is `{"content": …}` shaped
like the message's own type (a string for text and notes, an object for the others); an unknown
fingerprint is 404. Each change is published as `message:updated` (fingerprint, content) or
`message:removed` (fingerprint).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from crisp_tui.emulator import validation as check
from crisp_tui.emulator.envelope import success
from crisp_tui.emulator.world import excerpt_of, obj

if TYPE_CHECKING:  # routes.py lists these handlers in its table
    from crisp_tui.emulator.routes import Call


def _fingerprint(call: Call) -> int:
    return int(call.params["fingerprint"])


def patch_message(call: Call) -> Response:
    body = check.require_object(call.body)
    message = call.world.find_message(call.session_id, _fingerprint(call))
    if "content" not in body:
        raise check.invalid("content is required")
    content = check.content(str(message.get("type")), body["content"])
    message["content"], message["edited"] = content, True
    _refresh_preview(call, message)
    call.world.emit(
        "message:updated", call.session_id, fingerprint=message.get("fingerprint"), content=content
    )
    return success({}, "updated")


def delete_message(call: Call) -> Response:
    message = call.world.find_message(call.session_id, _fingerprint(call))
    call.world.history(call.session_id).remove(message)
    call.world.emit("message:removed", call.session_id, fingerprint=message.get("fingerprint"))
    return success({}, "deleted")


def _refresh_preview(call: Call, message: dict[str, Any]) -> None:
    """The conversation's last message shows the new text when it was the one edited."""
    conversation = call.world.conversation(call.session_id)
    preview = obj(conversation, "preview_message")
    if preview.get("fingerprint") == message.get("fingerprint"):
        preview["excerpt"] = conversation["last_message"] = excerpt_of(message)
