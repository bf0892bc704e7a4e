"""Uploading a file to Crisp (docs/crisp-api.md, "Files"): the bucket flow.

1. `POST /bucket/url/generate` `{namespace: "upload", id, file: {name, type}}`;
   the answer carries no URL.
2. The URLs arrive on the live socket as `bucket:url:upload:generated` with the same `id`:
   `url.signed` (PUT the bytes there) and `url.resource` (the file's address afterwards), and
   `policy.size_limit`.
3. `PUT` the bytes to the signed URL, with the declared `Content-Type`.
Then a `file` message links to the resource URL (`CrispClient.send_file`).

So an upload needs the live socket: `LiveSocket.upload_urls` matches each event to the request
that is waiting for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import mimetypes
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..untrusted import clean
from .errors import FileTransferError
from .files import human_size
from .live_events import UPLOAD_URL_EVENT, LiveEvent, UploadUrlEvent

if TYPE_CHECKING:
    from .client import CrispClient
    from .live import LiveSocket, LiveStatus

SIGNED_URL_WAIT_S = 20.0
MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # checked before anything is sent; Crisp's policy may be lower
NOT_LIVE = (
    "Sending a file needs Crisp's live connection (Crisp sends the upload address over it), and "
    "it is not connected: try again once it is."
)


@dataclass(frozen=True)
class LocalFile:
    """A file the agent chose to send, read and checked before anything goes to Crisp."""

    name: str
    mime_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def read_local_file(path: Path, *, max_bytes: int = MAX_UPLOAD_BYTES) -> LocalFile:
    """The file at `path`, or a FileTransferError saying what is wrong with it."""
    path = path.expanduser()
    if not path.exists():
        raise FileTransferError(f"There is no file at {path}: check the path.")
    if path.is_dir():
        raise FileTransferError(f"{path} is a directory: give the path of one file.")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileTransferError(
                f"{path.name} is {human_size(size)}, more than the {human_size(max_bytes)} "
                "a file sent to a visitor may be."
            )
        data = path.read_bytes()
    except OSError as error:
        raise FileTransferError(
            f"{path} could not be read ({error.strerror or type(error).__name__}): check its "
            "permissions."
        ) from None
    if not data:
        raise FileTransferError(f"{path.name} is empty: there is nothing to send.")
    # The name as the confirmation shows it is the name the visitor gets: no escape sequences,
    # control characters or line breaks.
    name = clean(path.name, single_line=True, max_chars=255) or "file"
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return LocalFile(name, mime, data)


class UploadUrls:
    """Signed upload URLs as they arrive over RTM, handed to the request waiting for each."""

    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Future[UploadUrlEvent]] = {}

    def deliver(self, event: LiveEvent) -> None:
        if isinstance(event, UploadUrlEvent):
            future = self._waiting.get(event.request_id)
            if future is not None and not future.done():
                future.set_result(event)

    @contextlib.contextmanager
    def expect(self, request_id: str) -> Iterator[asyncio.Future[UploadUrlEvent]]:
        future: asyncio.Future[UploadUrlEvent] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        try:
            yield future
        finally:
            self._waiting.pop(request_id, None)


async def upload(
    client: CrispClient,
    socket: LiveSocket,
    file: LocalFile,
    *,
    wait_s: float = SIGNED_URL_WAIT_S,
) -> str:
    """Upload `file` through the bucket flow; returns its resource URL for a `file` message."""
    if not socket.is_live:
        raise FileTransferError(NOT_LIVE)
    request_id = secrets.token_hex(8)
    with socket.upload_urls.expect(request_id) as arrival:
        await client.generate_upload_url(request_id, file.name, file.mime_type)
        try:
            slot = await asyncio.wait_for(arrival, wait_s)
        except TimeoutError:
            raise FileTransferError(
                f"Crisp did not send the upload address within {wait_s:.0f} s: nothing was "
                "sent; try again."
            ) from None
    if not slot.signed_url or not slot.resource_url:
        raise FileTransferError("Crisp sent an upload address that is not usable: try again.")
    if slot.size_limit is not None and file.size > slot.size_limit:
        raise FileTransferError(
            f"{file.name} is {human_size(file.size)}; Crisp accepts at most "
            f"{human_size(slot.size_limit)}: nothing was sent."
        )
    await client.files.put(slot.signed_url, file.data, file.mime_type)
    return slot.resource_url


class _LiveWatch:
    """A LiveListener that only notes when the socket is up, or why it is not."""

    def __init__(self) -> None:
        self.settled = asyncio.Event()
        self.reason = ""

    def live_status(self, status: LiveStatus) -> None:
        if status.state == "live":
            self.settled.set()
        elif status.state in ("reconnecting", "unavailable"):
            self.reason = status.reason
            self.settled.set()

    async def live_event(self, event: LiveEvent) -> None:
        return None


@contextlib.asynccontextmanager
async def live_socket(client: CrispClient, *, connect_s: float = 15.0) -> AsyncIterator[LiveSocket]:
    """A live socket held open for one upload (the CLI has none of its own), listening only to
    upload addresses; FileTransferError if it does not come up."""
    from .live import LiveSocket

    socket = LiveSocket(client, events=[UPLOAD_URL_EVENT])
    watch = _LiveWatch()
    task = asyncio.create_task(socket.run(watch))
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watch.settled.wait(), connect_s)
        if not socket.is_live:
            why = f" ({watch.reason})" if watch.reason else ""
            raise FileTransferError(f"{NOT_LIVE.rstrip('.')}{why}.")
        yield socket
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
