"""Crisp's response envelope: {"error": bool, "reason": str, "data": ...}."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import HTMLResponse, JSONResponse, Response


class CrispJSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            # Injected payloads may hold lone surrogates: escape them (\ud800) as JSON allows.
            return json.dumps(content, separators=(",", ":")).encode("ascii")


class ApiError(Exception):
    """Raised by handlers; turned into an error envelope by the dispatcher."""

    def __init__(self, status: int, reason: str, message: str = "", namespace: str = "") -> None:
        super().__init__(f"{status} {reason}: {message}")
        self.status = status
        self.reason = reason
        self.message = message or reason
        self.namespace = namespace


def success(data: Any, reason: str = "resolved", status: int = 200) -> JSONResponse:
    return CrispJSONResponse({"error": False, "reason": reason, "data": data}, status_code=status)


def updated() -> JSONResponse:
    """What every accepted PATCH answers: 200 `updated`, `{}`."""
    return success({}, "updated")


def failure(status: int, reason: str, message: str = "", namespace: str = "") -> JSONResponse:
    """Crisp's error envelope. Most errors carry `data: {}`; a validation error says why."""
    data: dict[str, str] = {}
    if message:
        data = {"namespace": namespace, "message": message} if namespace else {"message": message}
    return JSONResponse({"error": True, "reason": reason, "data": data}, status_code=status)


def error_response(error: ApiError) -> JSONResponse:
    message = error.message if error.reason == "invalid_data" else ""
    return failure(error.status, error.reason, message, error.namespace)


_EDGE_PAGE = """<html>
<head><title>{status} {title}</title></head>
<body>
<center><h1>{status} {title}</h1></center>
<hr><center>edge</center>
</body>
</html>
"""

_EDGE_TITLES = {
    420: "Enhance Your Calm",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def edge_page(status: int) -> Response:
    """What a reverse proxy in front of the API answers: HTML, not the JSON envelope."""
    title = _EDGE_TITLES.get(status, "Error")
    return HTMLResponse(_EDGE_PAGE.format(status=status, title=title), status_code=status)
