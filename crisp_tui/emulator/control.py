"""The control path, outside Crisp's namespace: /_emulator/… (loopback only, no auth).

GET  /_emulator/stats            request counts per route, statuses, every POSTed message
POST /_emulator/stats/reset
GET  /_emulator/faults           current fault settings and how often each fault fired
POST /_emulator/faults           {"field": value, …} (faults.Faults); {"reset": true} resets first
DELETE /_emulator/faults         back to no faults
GET  /_emulator/clock            {"now_ms": …}
POST /_emulator/clock/advance    {"seconds": n} or {"ms": n} (fake clock only, else 409)
POST /_emulator/activity         {"per_minute": n}
POST /_emulator/conversations    {"conversation": {...}, "messages": [...]} stored verbatim
POST /_emulator/visitor_message  {"session_id": …, "text": …}: that visitor writes now
POST /_emulator/rtm/drop         cut every RTM socket as a network failure would
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from crisp_tui.emulator.envelope import ApiError, failure

if TYPE_CHECKING:
    from crisp_tui.emulator.app import Emulator


def _emulator(request: Request) -> Emulator:
    return request.app.state.emulator


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise ValueError("body must be a JSON object")
    return body


def _bad(error: Exception, status: int = 400) -> Response:
    return JSONResponse({"error": str(error)}, status_code=status)


async def get_stats(request: Request) -> Response:
    emulator = _emulator(request)
    return JSONResponse(
        {
            **emulator.stats.to_dict(),
            "activity_events": emulator.activity.applied,
            "conversations": len(emulator.world.conversations),
        }
    )


async def reset_stats(request: Request) -> Response:
    _emulator(request).stats.reset()
    return JSONResponse({})


def _faults_view(emulator: Emulator) -> dict[str, Any]:
    return {"faults": emulator.faults.to_dict(), "applied": dict(emulator.gate.applied)}


async def get_faults(request: Request) -> Response:
    return JSONResponse(_faults_view(_emulator(request)))


async def set_faults(request: Request) -> Response:
    emulator = _emulator(request)
    try:
        body = await _body(request)
        if body.pop("reset", False):
            emulator.reset_faults()
        emulator.set_faults(**body)
    except ValueError as error:
        return _bad(error)
    return JSONResponse(_faults_view(emulator))


async def clear_faults(request: Request) -> Response:
    _emulator(request).reset_faults()
    return JSONResponse(_faults_view(_emulator(request)))


async def get_clock(request: Request) -> Response:
    return JSONResponse({"now_ms": _emulator(request).clock.now_ms()})


async def advance_clock(request: Request) -> Response:
    try:
        body = await _body(request)
        seconds, ms = float(body.get("seconds", 0)), int(body.get("ms", 0))
    except (ValueError, TypeError) as error:  # a malformed body
        return _bad(error, 400)
    try:
        now = _emulator(request).advance(seconds=seconds, ms=ms)
    except TypeError as error:  # this emulator runs on the system clock
        return _bad(error, 409)
    return JSONResponse({"now_ms": now})


async def set_activity(request: Request) -> Response:
    try:
        per_minute = float((await _body(request))["per_minute"])
    except (ValueError, KeyError, TypeError) as error:
        return _bad(error)
    _emulator(request).set_activity(per_minute)
    return JSONResponse({"per_minute": per_minute})


async def add_conversation(request: Request) -> Response:
    try:
        body = await _body(request)
        raw, messages = body["conversation"], body.get("messages", [])
        if not isinstance(raw, dict) or not isinstance(messages, list):
            raise ValueError("conversation must be an object and messages a list")
    except (ValueError, KeyError) as error:
        return _bad(error)
    return JSONResponse({"session_id": _emulator(request).add_conversation(raw, messages)})


async def visitor_message(request: Request) -> Response:
    try:
        body = await _body(request)
        session_id, text = body["session_id"], body["text"]
        if not isinstance(session_id, str) or not isinstance(text, str):
            raise ValueError("session_id and text must be strings")
        fingerprint = _emulator(request).visitor_writes(session_id, text)
    except (ValueError, KeyError) as error:
        return _bad(error)
    except ApiError as error:
        return _bad(error, 404)
    return JSONResponse({"fingerprint": fingerprint})


async def drop_sockets(request: Request) -> Response:
    return JSONResponse({"dropped": _emulator(request).rtm.drop()})


async def not_found(request: Request) -> Response:
    return failure(404, "not_found")


def control_routes() -> list[Route]:
    return [
        Route("/_emulator/stats", get_stats, methods=["GET"]),
        Route("/_emulator/stats/reset", reset_stats, methods=["POST"]),
        Route("/_emulator/faults", get_faults, methods=["GET"]),
        Route("/_emulator/faults", set_faults, methods=["POST"]),
        Route("/_emulator/faults", clear_faults, methods=["DELETE"]),
        Route("/_emulator/clock", get_clock, methods=["GET"]),
        Route("/_emulator/clock/advance", advance_clock, methods=["POST"]),
        Route("/_emulator/activity", set_activity, methods=["POST"]),
        Route("/_emulator/conversations", add_conversation, methods=["POST"]),
        Route("/_emulator/visitor_message", visitor_message, methods=["POST"]),
        Route("/_emulator/rtm/drop", drop_sockets, methods=["POST"]),
    ]
