"""Read-only mode in the client: every write is refused before it leaves the machine."""

from __future__ import annotations

import pytest

from crisp_tui.crisp import errors
from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from tests.support.emulator import write_requests


@pytest.fixture
async def read_only_client(emulator_server):
    settings = emulator_server.settings
    credentials = Credentials(
        settings.website_id, settings.token_id, settings.token_key, settings.tier
    )
    async with CrispClient(credentials, api_url=emulator_server.base_url, read_only=True) as c:
        yield c


def writes(client: CrispClient, session_id: str):
    return {
        "send": lambda: client.send_message(session_id, "hello"),
        "note": lambda: client.send_message(session_id, "hello", note=True),
        "read": lambda: client.mark_read(session_id),
        "unread": lambda: client.mark_unread(session_id),
        "delivered": lambda: client.mark_delivered(session_id),
        "compose": lambda: client.set_composing(session_id, True),
        "state": lambda: client.set_state(session_id, "resolved"),
        "meta": lambda: client.update_meta(session_id, {"nickname": "x"}),
        "assign": lambda: client.assign(session_id, None),
        "block": lambda: client.set_blocked(session_id, True),
        "delete": lambda: client.delete_conversation(session_id),
    }


async def test_every_write_is_refused_unsent_and_reads_still_work(
    emulator_server, read_only_client: CrispClient
) -> None:
    emulator = emulator_server.emulator
    session_id = (await read_only_client.list_conversations(1))[0].session_id
    for name, write in writes(read_only_client, session_id).items():
        with pytest.raises(errors.ReadOnlyError) as refused:
            await write()
        assert "read-only mode" in str(refused.value), name
        assert str(refused.value).count(". ") == 0  # one sentence
    assert write_requests(emulator) == {}
    assert (await read_only_client.get_conversation(session_id)).session_id == session_id
    assert await read_only_client.conversation_exists(session_id)
    assert (await read_only_client.get_messages(session_id)).messages
    # Nothing refused was counted against the daily quota either.
    assert read_only_client.usage.count == emulator.stats.to_dict()["total"]
