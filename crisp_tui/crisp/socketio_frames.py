"""Engine.IO 4 / Socket.IO 5 text frames, the little of them a websocket-only client needs.

Engine.IO: `0{json}` open, `1` close, `2` ping (server → client), `3` pong, `4…` message.
Socket.IO rides inside `4`: `40` connect (namespace "/"), `41` disconnect, `42[name, data]` event,
`44{json}` connect error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

PING, PONG = "2", "3"
CONNECT = "40"


@dataclass(frozen=True)
class Frame:
    kind: str  # "open", "close", "ping", "connect", "disconnect", "event", "connect_error", "other"
    name: str = ""
    data: Any = None


def socket_address(url: str) -> str:
    """The websocket URL for an advertised RTM URL: its path is the Engine.IO path ("/" when
    empty, never "//"), over http(s) since httpx speaks websockets through an HTTP upgrade."""
    parts = urlsplit(url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    return f"{scheme}://{parts.netloc}{path}?EIO=4&transport=websocket"


def event(name: str, data: Any) -> str:
    return "42" + json.dumps([name, data], separators=(",", ":"))


def decode(text: str) -> Frame:
    head, body = text[:1], text[1:]
    if head == "0":
        return Frame("open", data=_json(body))
    if head == "1":
        return Frame("close")
    if head == PING:
        return Frame("ping")
    if head != "4":
        return Frame("other")
    kind, rest = body[:1], body[1:]
    if kind == "0":
        return Frame("connect", data=_json(rest))
    if kind == "1":
        return Frame("disconnect")
    if kind == "4":
        return Frame("connect_error", data=_json(rest))
    if kind == "2":
        # An ack id (digits) may precede the array; a namespace ("/x,") too: neither is ours.
        array = _json(rest[rest.find("[") :]) if "[" in rest else None
        if isinstance(array, list) and array and isinstance(array[0], str):
            return Frame("event", array[0], array[1] if len(array) > 1 else None)
    return Frame("other")


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return None
