"""Editing and removing a message: the client against the emulator over real HTTP. The request
log shows the exact routes and bodies; the official Socket.IO client hears the RTM events."""

from __future__ import annotations

import pytest

from crisp_tui.crisp import errors
from crisp_tui.crisp.client import ConversationQuery, CrispClient
from crisp_tui.emulator import EmulatorServer
from tests.support.rtm import WAIT_S, OfficialListener, credentials_of


def client_for(server: EmulatorServer) -> CrispClient:
    return CrispClient(credentials_of(server), api_url=server.base_url, timeout=WAIT_S)


async def test_edit_then_remove_a_reply_with_the_exact_requests_and_live_events(
    rtm_server: EmulatorServer,
) -> None:
    emulator = rtm_server.emulator
    listener = OfficialListener(rtm_server)
    await listener.connect(["message:updated", "message:removed"])
    await listener.next("authenticated")
    async with client_for(rtm_server) as client:
        rows = await client.list_conversations(1, ConversationQuery(not_resolved=True))
        session = rows[0].session_id
        fingerprint = await client.send_message(session, "Teh fix is live")
        emulator.stats.reset()

        await client.edit_message(session, fingerprint, "The fix is live")
        stored = await client.get_message(session, fingerprint)
        assert stored is not None
        assert (stored.content, stored.edited) == ("The fix is live", True)
        _, updated = await listener.next("message:updated")
        assert updated["fingerprint"] == fingerprint
        assert updated["content"] == "The fix is live"
        assert updated["session_id"] == session

        await client.delete_message(session, fingerprint)
        assert await client.get_message(session, fingerprint) is None
        history = (await client.get_messages(session)).messages
        assert fingerprint not in {m.fingerprint for m in history}
        _, removed = await listener.next("message:removed")
        assert (removed["fingerprint"], removed["session_id"]) == (fingerprint, session)
    await listener.close()

    site = rtm_server.settings.website_id
    path = f"/v1/website/{site}/conversation/{session}/message/{fingerprint}"
    assert emulator.stats.to_dict()["writes"] == [
        {"method": "PATCH", "path": path, "body": {"content": "The fix is live"}},
        {"method": "DELETE", "path": path, "body": None},
    ]


async def test_the_emulator_is_strict_like_crisp(rtm_server: EmulatorServer) -> None:
    world = rtm_server.emulator.world
    async with client_for(rtm_server) as client:
        session = (await client.list_conversations(1))[0].session_id
        unknown = 123_456_789
        with pytest.raises(errors.NotFoundError):
            await client.edit_message(session, unknown, "hello")
        with pytest.raises(errors.NotFoundError):
            await client.delete_message(session, unknown)

        fingerprint = await client.send_message(session, "hello")
        with pytest.raises(errors.InvalidDataError):
            await client.edit_message(session, fingerprint, "   ")  # empty text
        with_file, file_message = next(
            (sid, m) for sid, ms in world.messages.items() for m in ms if m.get("type") == "file"
        )
        with pytest.raises(errors.InvalidDataError):  # a file's content is an object
            await client.edit_message(with_file, file_message["fingerprint"], "just text")
    assert file_message["edited"] is False
