"""Crisp's upload bucket, emulated (docs/crisp-api.md, "Files").

`POST /v1/bucket/url/generate` only acknowledges: the URLs arrive on the RTM socket as
`bucket:url:upload:generated` (`url.signed` to PUT the bytes to, `url.resource` to link in a
`file` message). The signed URL takes one PUT, of the declared content type and at most
`policy.size_limit` bytes, until it expires; the resource URL then serves the file. Both live
under `STORAGE_PATH` on the emulator itself. Seeded attachments are served from there too, their
bytes drawn from their name, so `--demo` never sends a visitor's URL to the internet.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from crisp_tui.emulator import sample_files
from crisp_tui.emulator import validation as check
from crisp_tui.emulator.envelope import success

if TYPE_CHECKING:
    from crisp_tui.emulator.app import Emulator
    from crisp_tui.emulator.routes import Call

STORAGE_PATH = "/storage/"
SIZE_LIMIT = 20 * 1024 * 1024  # bytes a signed URL accepts (the event's policy.size_limit)
SIGNED_TTL_MS = 10 * 60_000  # a signed URL expires after this long (emulator clock)
NAMESPACES = ("upload", "avatar", "website", "campaign", "helpdesk", "status", "processing")


def generate_url(call: Call) -> Response:
    """Hand out a signed upload URL and its resource URL, over RTM (never in the answer)."""
    body = check.require_object(call.body)
    namespace = check.choice(body, "namespace", NAMESPACES)
    request_id = body.get("id")
    if not isinstance(request_id, str) or not request_id:
        raise check.invalid("data.id should be a non-empty string")
    file = body.get("file")
    if not isinstance(file, dict):
        raise check.invalid("data.file should be an object with name and type")
    name, mime = file.get("name"), file.get("type")
    if not isinstance(name, str) or not name.strip() or not isinstance(mime, str) or not mime:
        raise check.invalid("data.file.name and data.file.type should be non-empty strings")
    resource = body.get("resource") if isinstance(body.get("resource"), dict) else {}
    token, upload_id = secrets.token_urlsafe(24), secrets.token_hex(8)
    call.world.uploads[token] = {
        "path": f"{STORAGE_PATH}files/{upload_id}/{name}",  # as a request's decoded path
        "type": mime,
        "expires_ms": call.now_ms + SIGNED_TTL_MS,
        "data": None,
    }
    call.world.publish(
        f"bucket:url:{namespace}:generated",
        {
            "from": body.get("from") if isinstance(body.get("from"), str) else "operator",
            "id": request_id,
            "identifier": body.get("identifier") or call.world.website_id,
            "type": namespace,
            "resource": {"type": resource.get("type", ""), "id": resource.get("id", "")},
            "policy": {"size_limit": SIZE_LIMIT},
            "url": {
                "resource": f"{call.origin}{STORAGE_PATH}files/{upload_id}/{quote(name, safe='')}",
                "signed": f"{call.origin}{STORAGE_PATH}signed/{token}",
            },
        },
    )
    return success({}, "requested", 202)


class Storage:
    """The ASGI app under STORAGE_PATH: PUT to a signed URL, GET a stored or seeded file."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        rest = request.url.path.removeprefix(STORAGE_PATH)
        kind = rest.split("/", 1)[0]
        self.emulator.stats.count(f"{request.method} {STORAGE_PATH}{kind}/…")
        if request.method == "PUT" and kind == "signed":
            response = self._put(rest.removeprefix("signed/"), request, await request.body())
        elif request.method in ("GET", "HEAD") and kind == "files":
            response = self._get(request.url.path)
        else:
            response = Response("Not found", status_code=404, media_type="text/plain")
        self.emulator.stats.answered(response.status_code)
        await response(scope, receive, send)

    def _put(self, token: str, request: Request, data: bytes) -> Response:
        world = self.emulator.world
        with world.lock:
            upload = world.uploads.get(token)
            if upload is None:
                return _refused(403, "This upload URL is not valid.")
            if self.emulator.clock.now_ms() > upload["expires_ms"]:
                return _refused(403, "This upload URL has expired.")
            if request.headers.get("content-type", "") != upload["type"]:
                return _refused(400, "The content type is not the one the URL was signed for.")
            if len(data) > SIZE_LIMIT:
                return _refused(413, "The file is larger than the upload policy allows.")
            upload["data"] = data
            world.files[upload["path"]] = (data, upload["type"])
        return Response(status_code=200)

    def _get(self, path: str) -> Response:
        stored = self.emulator.world.files.get(path) or sample_files.seeded(path)
        if stored is None:
            return _refused(404, "No such file.")
        data, mime = stored
        return Response(data, media_type=mime)


def _refused(status: int, sentence: str) -> Response:
    return Response(sentence, status_code=status, media_type="text/plain")
