"""Saving an attachment: a real download from the loopback emulator, into a new file every time,
and nothing left behind when it fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.crisp.errors import FileTransferError
from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.attachments import Attachment, save


def _client(server: EmulatorServer) -> CrispClient:
    settings = server.settings
    credentials = Credentials(settings.website_id, settings.token_id, settings.token_key)
    return CrispClient(credentials, api_url=server.base_url)


def _seeded_pdf(server: EmulatorServer) -> Attachment:
    url = f"{server.origin}/storage/files/seed/12/invoice-2024.pdf"
    return Attachment("file", "invoice-2024.pdf", url, "application/pdf")


async def test_save_downloads_into_a_new_file_each_time(
    emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    seen: list[tuple[int, int | None]] = []
    async with _client(emulator_server) as client:
        first = await save(
            client, _seeded_pdf(emulator_server), tmp_path / "dl", lambda *step: seen.append(step)
        )
        second = await save(client, _seeded_pdf(emulator_server), tmp_path / "dl")
    assert (first.path.name, second.path.name) == ("invoice-2024.pdf", "invoice-2024 (1).pdf")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.path.read_bytes().startswith(b"%PDF") and first.size == first.path.stat().st_size
    assert seen and seen[-1] == (first.size, first.size)


async def test_a_failed_or_too_large_download_leaves_nothing(
    emulator_server: EmulatorServer, tmp_path: Path
) -> None:
    gone = Attachment("file", "gone.pdf", f"{emulator_server.origin}/storage/files/x/y", "")
    async with _client(emulator_server) as client:
        with pytest.raises(FileTransferError, match="answered 404"):
            await save(client, gone, tmp_path / "dl")
        with pytest.raises(FileTransferError, match="larger than 100 B"):
            await save(client, _seeded_pdf(emulator_server), tmp_path / "dl", max_bytes=100)
    assert list((tmp_path / "dl").iterdir()) == []
