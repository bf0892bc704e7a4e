"""The ASGI endpoint under /v1: faults, activity, auth, routing, stats, then a handler."""

from __future__ import annotations

import asyncio
import base64
import binascii
import dataclasses
import hmac
import json
from typing import TYPE_CHECKING, Any

import httpx
from starlette.datastructures import Headers, QueryParams
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from crisp_tui.emulator.edge_cache import HIT_HEADER
from crisp_tui.emulator.envelope import ApiError, edge_page, error_response, failure
from crisp_tui.emulator.faults import Outcome
from crisp_tui.emulator.routes import POST_MESSAGE, Call, Route, resolve

if TYPE_CHECKING:
    from crisp_tui.emulator.app import Emulator

API_PREFIX = "/v1"
RAW_SEND = "emulator.raw_send"  # scope key: the server's own `send`, needed to drop a connection
LATE = Response(status_code=202)  # marks a POSTed message that will be stored late, unanswered

VALIDATOR_OUTPUT = (
    "data.content should be string, data.content should have required property 'namespace', "
    "data.content should have required property 'url', data.content should match exactly one "
    "schema in oneOf, data should match some schema in anyOf"
)
FAULT_REASONS = {
    400: "invalid_data",
    401: "invalid_session",
    403: "not_allowed",
    404: "not_found",
    420: "rate_limited",
    423: "quota_limit_exceeded",
    429: "rate_limited",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


class CrispApi:
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        # Crisp accepts a trailing slash on every path (the official python client sends one).
        path = scope["path"].removeprefix(API_PREFIX).rstrip("/") or "/"
        found = resolve(method, path)
        route, params = found if found else (None, {})
        emulator = self.emulator
        emulator.stats.count(
            route.name if route else f"{method} (unknown route)",
            QueryParams(scope["query_string"]),
        )

        outcome = emulator.gate.decide(method, path)
        await _pause(outcome.delay_ms)
        if outcome.kind == "drop":
            await drop_connection(scope, send)
            return
        if outcome.kind == "error":
            response = fault_response(outcome)
        elif outcome.kind in GARBLED:
            response = GARBLED[outcome.kind]()
        else:
            try:
                body = await Request(scope, receive).body()
            except ClientDisconnect:  # the client gave up while we waited (a timeout)
                return
            response = self._handle(scope, route, params, body)
            if response is LATE:
                await self._lose_answer(scope, receive, send)
                return
            if route is not None and route.name == POST_MESSAGE and response.status_code == 202:
                late = emulator.gate.after_commit()
                if late is not None:
                    await _pause(late.delay_ms)
                    if late.kind == "drop":
                        await drop_connection(scope, send)
                        return
                    if late.kind == "error":
                        response = fault_response(late)
                    elif late.kind in GARBLED:
                        response = GARBLED[late.kind]()
        emulator.stats.answered(response.status_code)
        if method == "HEAD":
            response = Response(status_code=response.status_code)
        await response(scope, receive, send)

    def _handle(
        self, scope: Scope, route: Route | None, params: dict[str, str], body: bytes
    ) -> Response:
        emulator = self.emulator
        with emulator.world.lock:
            now = emulator.clock.now_ms()
            emulator.gate.commit_due(now)
            emulator.activity.catch_up(now)
            try:
                self._authorise(Headers(scope=scope))
                if route is None:
                    raise ApiError(404, "not_found", "route not found", "route")
                self._check_website(params.get("website_id"))
                call = Call(
                    emulator.world,
                    params,
                    QueryParams(scope["query_string"]),
                    _json(body),
                    now,
                    emulator.settings.messages_batch,
                    emulator.stats.record_post,
                    origin_of(scope),
                )
                if scope["method"] not in ("GET", "HEAD"):
                    emulator.stats.record_write(scope["method"], scope["path"], call.body)
                if route.name == POST_MESSAGE and emulator.gate.commit_late(
                    lambda at: route.handler(dataclasses.replace(call, now_ms=at)), now
                ):
                    return LATE
                return self._through_edge(scope["method"], route, call)
            except ApiError as error:
                return error_response(error)

    async def _lose_answer(self, scope: Scope, receive: Receive, send: Send) -> None:
        """No answer to a late-committed POST: dropped, or held until the client goes away."""
        if self.emulator.gate.faults.late_commit_answer == "drop":
            await drop_connection(scope, send)
            return
        while (await receive())["type"] != "http.disconnect":
            pass

    def _through_edge(self, method: str, route: Route, call: Call) -> Response:
        """Run the handler; reads may be served stale copies, as Crisp's edge cache does."""
        edge, world = self.emulator.edge, self.emulator.world
        reads = self.emulator.faults.stale_reads
        if method in ("GET", "HEAD"):
            with edge.serving(world) as hit:
                response = route.handler(call)
            if hit:
                response.headers.append(*HIT_HEADER)
            return response
        session_id = call.params.get("session_id")
        before = edge.before_write(world, session_id, reads)
        response = route.handler(call)
        if session_id and response.status_code < 300:
            edge.after_write(session_id, before, reads)
        return response

    def _authorise(self, headers: Headers) -> None:
        settings = self.emulator.settings
        scheme, _, encoded = headers.get("authorization", "").partition(" ")
        try:
            token_id, _, key = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            token_id = key = ""
        valid = (
            scheme.lower() == "basic"
            and hmac.compare_digest(token_id.encode(), settings.token_id.encode())
            and hmac.compare_digest(key.encode(), settings.token_key.encode())
            and headers.get("x-crisp-tier") == settings.tier
        )
        if not valid:
            raise ApiError(401, "invalid_session", "authentication failed", "auth")

    def _check_website(self, website_id: str | None) -> None:
        if website_id is None or website_id == self.emulator.world.website_id:
            return
        # Crisp answers a plugin token used on a website it is not installed on with 404
        # not_subscribed (crisp-im/node-crisp-api#31); a website token is simply not allowed.
        if self.emulator.settings.tier == "plugin":
            raise ApiError(404, "not_subscribed", "plugin is not subscribed to this website")
        raise ApiError(403, "not_allowed", "token is not allowed on this website")


def origin_of(scope: Scope) -> str:
    host = Headers(scope=scope).get("host") or "127.0.0.1"
    return f"{scope.get('scheme', 'http')}://{host}"


def _json(body: bytes) -> Any:
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError:
        raise ApiError(400, "invalid_data", "body is not valid JSON", "body") from None


async def _pause(delay_ms: int) -> None:
    if delay_ms > 0:
        await asyncio.sleep(delay_ms / 1000)


def fault_response(outcome: Outcome) -> Response:
    # Rate limits come from Crisp's edge, not the API: an HTML page, never the JSON envelope.
    if outcome.html or outcome.status in (420, 429):
        return edge_page(outcome.status)
    reason = outcome.reason or FAULT_REASONS.get(outcome.status, "error")
    # A validation error says why, at the length Crisp's validator does.
    return failure(outcome.status, reason, VALIDATOR_OUTPUT if reason == "invalid_data" else "")


def _deep_body() -> Response:
    depth = 100_000
    body = b'{"error":false,"reason":"resolved","data":' + b"[" * depth + b"]" * depth + b"}"
    return Response(body, media_type="application/json")


def _bad_gzip_body() -> Response:
    body = b'{"error":false,"reason":"resolved","data":{}}'
    return Response(body, media_type="application/json", headers={"Content-Encoding": "gzip"})


GARBLED = {"deep": _deep_body, "badgzip": _bad_gzip_body}


async def drop_connection(scope: Scope, send: Send) -> None:
    """Close the socket without a byte of answer.

    Raising inside the app would make uvicorn answer 500, so the transport is aborted directly
    (uvicorn's `send` is a bound method of the request cycle, which holds the transport). In
    process (httpx.ASGITransport) there is no socket: raise what httpx raises for a real drop.
    """
    raw_send = scope.get(RAW_SEND, send)
    transport = getattr(getattr(raw_send, "__self__", None), "transport", None)
    if transport is None:
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
    transport.abort()
    # Let the protocol see connection_lost, so uvicorn does not try to answer on a dead socket.
    for _ in range(3):
        await asyncio.sleep(0)
