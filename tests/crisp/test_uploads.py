"""The bucket flow's failures, each one sentence and nothing sent: no live socket, no signed URL in
time, a file too large for Crisp's policy (loopback emulator, real HTTP and RTM)."""

from __future__ import annotations

import pytest

from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.crisp.errors import FileTransferError
from crisp_tui.crisp.uploads import LocalFile, live_socket, upload
from crisp_tui.emulator import EmulatorServer
from crisp_tui.emulator.bucket import SIZE_LIMIT

NOTE = LocalFile("note.txt", "text/plain", b"hello")


def _client(server: EmulatorServer) -> CrispClient:
    settings = server.settings
    credentials = Credentials(settings.website_id, settings.token_id, settings.token_key)
    return CrispClient(credentials, api_url=server.base_url)


async def test_no_signed_url_in_time_sends_nothing(rtm_server: EmulatorServer) -> None:
    rtm_server.emulator.set_faults(rtm_event_delay_ms=5_000)
    async with _client(rtm_server) as client, live_socket(client) as socket:
        with pytest.raises(FileTransferError, match="did not send the upload address within 0 s"):
            await upload(client, socket, NOTE, wait_s=0.2)
    assert not any(line.startswith("PUT") for line in rtm_server.emulator.stats.log)


async def test_a_file_over_the_policy_is_not_uploaded(rtm_server: EmulatorServer) -> None:
    big = LocalFile("big.bin", "application/octet-stream", bytes(SIZE_LIMIT + 1))
    async with _client(rtm_server) as client, live_socket(client) as socket:
        with pytest.raises(FileTransferError, match=r"Crisp accepts at most 20\.0 MB"):
            await upload(client, socket, big)
    assert not any(line.startswith("PUT") for line in rtm_server.emulator.stats.log)


async def test_a_refused_live_socket_is_one_sentence(rtm_server: EmulatorServer) -> None:
    rtm_server.emulator.set_faults(rtm_refuse_auth=True)
    async with _client(rtm_server) as client:
        with pytest.raises(FileTransferError, match="needs Crisp's live connection") as caught:
            async with live_socket(client):
                pass
    assert "refused this token" in str(caught.value)
    assert "POST /bucket/url/generate" not in rtm_server.emulator.stats.log
