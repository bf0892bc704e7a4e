"""A conversation's attachments: list them, save one to disk, fetch one for a preview, send one.

Nothing here fetches on its own: each function runs because the agent asked (a key, a command).
Downloads never carry the token (crisp/files.py). A saved file never overwrites another: the name
is cleaned (no path separators, no control characters, no leading dots) and numbered if taken.
"""

from __future__ import annotations

import io
import os
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import unquote, urlsplit

from ..crisp.errors import FileTransferError
from ..crisp.files import Progress
from ..crisp.models import AnimationContent, AudioContent, FileContent, Message
from ..crisp.uploads import NOT_LIVE, LocalFile, upload
from ..untrusted import safe_url

if TYPE_CHECKING:
    from ..crisp.client import CrispClient
    from ..crisp.live import LiveSocket
    from .inbox import Inbox

SAVE_MAX_BYTES = 200 * 1024 * 1024
PREVIEW_MAX_BYTES = 10 * 1024 * 1024  # an image larger than this is saved, not previewed
NAME_MAX_CHARS = 120
_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp")


@dataclass(frozen=True)
class Attachment:
    """A file, animation or audio message's file, as the visitor (or a colleague) sent it."""

    kind: str  # "file" | "animation" | "audio"
    name: str  # as sent: untrusted; `file_name` is the cleaned one
    url: str
    mime_type: str

    @property
    def is_image(self) -> bool:
        if self.mime_type:
            return self.mime_type.startswith("image/")
        return urlsplit(self.url).path.lower().endswith(_IMAGE_EXTENSIONS)

    @property
    def file_name(self) -> str:
        return clean_file_name(self.name or unquote(urlsplit(self.url).path.rsplit("/", 1)[-1]))


def attachments(messages: Sequence[Message]) -> list[Attachment]:
    """Every attachment with an http(s) URL that can be shown in full, newest first."""
    found = []
    for message in reversed(messages):
        content = message.content
        if isinstance(content, FileContent):
            name = content.name
        elif isinstance(content, (AnimationContent, AudioContent)):
            name = ""
        else:
            continue
        url = safe_url(content.url)  # what is shown is what is fetched
        if url and url.startswith(("https://", "http://")):
            found.append(Attachment(message.type, name, url, content.mime_type))
    return found


def clean_file_name(name: str) -> str:
    """A name safe to create in a directory: one path segment, printable, not hidden."""
    kept = "".join(
        " " if character in "/\\" else character
        for character in unicodedata.normalize("NFC", name)
        if unicodedata.category(character)[0] != "C"  # controls, format (bidi), surrogates
    )
    kept = " ".join(kept.split()).lstrip(". ")
    if len(kept) > NAME_MAX_CHARS:
        _, dot, extension = kept.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        kept = kept[: NAME_MAX_CHARS - len(keep) - 1].rstrip() + (f".{keep}" if keep else "")
    return kept or "attachment"


def download_dir(configured: str) -> Path:
    """The `download_dir` setting, else the platform's downloads directory."""
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_downloads_dir())


def _create_new(directory: Path, name: str) -> tuple[Path, BinaryIO]:
    """Open a file that did not exist: `name`, else `name (1)`, `name (2)`…"""
    stem, dot, extension = name.rpartition(".")
    if not stem:
        stem, dot, extension = name, "", ""
    for number in range(1000):
        candidate = name if number == 0 else f"{stem} ({number}){dot}{extension}"
        path = directory / candidate
        try:
            return path, path.open("xb")
        except FileExistsError:
            continue
    raise FileTransferError(f"{directory} already holds a thousand files named {name}.")


@dataclass(frozen=True)
class Saved:
    path: Path
    size: int


async def save(
    client: CrispClient,
    attachment: Attachment,
    directory: Path,
    progress: Progress | None = None,
    *,
    max_bytes: int = SAVE_MAX_BYTES,
) -> Saved:
    """Download `attachment` into a new file in `directory`; nothing is left behind on failure."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        path, handle = _create_new(directory, attachment.file_name)
    except OSError as error:
        raise FileTransferError(
            f"Could not write to {directory} ({error.strerror or type(error).__name__}): set "
            "download_dir to a directory you can write to."
        ) from None
    try:
        with handle:
            done = await client.files.download(
                attachment.url, handle, max_bytes=max_bytes, progress=progress
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Saved(path, done.size)


async def fetch_image(
    client: CrispClient, attachment: Attachment, progress: Progress | None = None
) -> bytes:
    """The bytes of an image attachment, for a preview (at most PREVIEW_MAX_BYTES)."""
    buffer = io.BytesIO()
    await client.files.download(
        attachment.url, buffer, max_bytes=PREVIEW_MAX_BYTES, progress=progress
    )
    return buffer.getvalue()


async def send_file(
    inbox: Inbox, socket: LiveSocket | None, session_id: str, file: LocalFile
) -> int:
    """Upload `file` and post it as a `file` message (at most once); shown at once, like a
    reply. Returns the message's fingerprint."""
    if socket is None:
        raise FileTransferError(NOT_LIVE)
    url = await upload(inbox.client, socket, file)
    content = {"name": file.name, "url": url, "type": file.mime_type}
    author = inbox.author()
    fingerprint = await inbox.client.send_file(session_id, content, user=author)
    sent = {
        "session_id": session_id,
        "type": "file",
        "from": "operator",
        "origin": "chat",
        "content": content,
        "fingerprint": fingerprint,
        "timestamp": int(time.time() * 1000),
        "user": author or {},
    }
    inbox.apply_messages(session_id, [Message.parse(sent)], own=True)
    return fingerprint


def shown_path(path: Path) -> str:
    """`~/Downloads/x.pdf` rather than the whole home directory."""
    home = os.path.expanduser("~")
    text = str(path)
    return "~" + text[len(home) :] if home != "~" and text.startswith(home + os.sep) else text
