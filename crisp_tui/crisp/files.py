"""Attachment bytes over plain HTTP: download a file a message links to, PUT one to a signed URL.

These URLs are not Crisp's API: a visitor's file lives on a storage host, a signed URL is its own
credential. So no token, no Crisp headers and no proxy settings from the environment go with
them, and only http(s) URLs are fetched, only when the agent asks. A download stops at a size
limit; every failure is a `FileTransferError` with one sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from .. import __version__
from .errors import FileTransferError, ReadOnlyError

if TYPE_CHECKING:
    import httpx

Progress = Callable[[int, int | None], None]  # bytes so far, total if known
TIMEOUT_S = 30.0
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Downloaded:
    size: int


class FileTransfer:
    def __init__(
        self, transport: httpx.AsyncBaseTransport | None = None, *, read_only: bool = False
    ) -> None:
        """`transport` is the emulator in process for `--demo`; by default real sockets."""
        self._transport = transport
        self._read_only = read_only

    def _client(self, url: str) -> httpx.AsyncClient:
        import httpx

        from .client import _tls_context

        if not url.startswith(("http://", "https://")):
            raise FileTransferError("Only http and https links can be fetched.")
        return httpx.AsyncClient(
            transport=self._transport,
            verify=_tls_context() if url.startswith("https:") else False,
            timeout=httpx.Timeout(TIMEOUT_S, connect=10.0),
            headers={"User-Agent": f"crisp-tui/{__version__}"},
            follow_redirects=True,
            max_redirects=5,
            trust_env=False,
        )

    async def download(
        self, url: str, into: BinaryIO, *, max_bytes: int, progress: Progress | None = None
    ) -> Downloaded:
        """Stream `url` into `into`; refuse past `max_bytes` (nothing more is read)."""
        import httpx

        try:
            async with self._client(url) as http, http.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FileTransferError(
                        f"The file server answered {response.status_code}: the link may have "
                        "expired or the file was removed."
                    )
                total = _length(response.headers.get("content-length"))
                if total is not None and total > max_bytes:
                    raise FileTransferError(_too_large(total, max_bytes))
                size = 0
                async for chunk in response.aiter_bytes(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise FileTransferError(_too_large(size, max_bytes))
                    into.write(chunk)
                    if progress:
                        progress(size, total)
                return Downloaded(size)
        except httpx.TimeoutException:
            raise FileTransferError("The file server did not answer in time: try again.") from None
        except httpx.HTTPError as error:
            raise FileTransferError(
                f"Could not reach the file server ({type(error).__name__}): check the network."
            ) from None

    async def put(self, signed_url: str, data: bytes, mime_type: str) -> None:
        """Upload `data` to a signed URL (its signature is the only credential it needs)."""
        import httpx

        if self._read_only:
            raise ReadOnlyError()
        try:
            async with self._client(signed_url) as http:
                response = await http.put(
                    signed_url, content=data, headers={"Content-Type": mime_type}
                )
        except httpx.TimeoutException:
            raise FileTransferError(
                "Crisp's file storage did not answer in time: nothing was sent; try again."
            ) from None
        except httpx.HTTPError as error:
            raise FileTransferError(
                f"Could not reach Crisp's file storage ({type(error).__name__}): nothing was "
                "sent; check the network."
            ) from None
        if response.status_code >= 300:
            raise FileTransferError(
                f"Crisp's file storage refused the upload ({response.status_code}): nothing "
                "was sent; try again."
            )


def _length(header: str | None) -> int | None:
    return int(header) if header and header.isascii() and header.isdigit() else None


def _too_large(size: int, limit: int) -> str:
    return f"The file is larger than {human_size(limit)} (at least {human_size(size)})."


def human_size(size: int) -> str:
    """`532 B`, `12.4 KB`, `3.1 MB` (powers of 1024, as file managers say)."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
