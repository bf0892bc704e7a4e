"""Editing and deleting messages through the inbox, and colleagues' edits and removals arriving
live and on the catch-up after a reconnection, over real loopback HTTP and websockets."""

from __future__ import annotations

import httpx

from crisp_tui.crisp.models import Message
from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.inbox import Inbox
from crisp_tui.inbox.message_edits import refusal, whose
from tests.support.emulator import FIXED_NOW_MS
from tests.support.rtm import WAIT_S, Waits, live_inbox, rest, until

ME, TEAMMATE = "operator-me", "operator-teammate"


def _message(**fields: object) -> Message:
    return Message.parse({"type": "text", "from": "operator", "content": "hi", **fields})


def test_only_the_agents_own_text_can_be_edited_and_a_colleagues_is_named() -> None:
    mine = _message(user={"nickname": "Me"})  # sent with this token: no user_id
    assert whose(mine, ME) == "mine"
    assert refusal(mine, ME, edit=True) is None
    colleague = _message(user={"user_id": TEAMMATE, "nickname": "Bob\x1b]52;c;x\x07"})
    assert whose(colleague, ME) == "colleague"
    assert refusal(colleague, ME, edit=False) == (
        "That message is Bob's (a colleague's): only your own can be deleted."
    )
    assert whose(colleague, None) == "operator"  # nobody to compare with: not known to be mine
    visitor = _message(**{"from": "user"})
    assert refusal(visitor, ME, edit=True) == (
        "Only your own messages can be edited: that one is the visitor's."
    )
    a_file = _message(type="file", content={"name": "a.pdf", "url": "https://x.example/a.pdf"})
    assert "not a file" in (refusal(a_file, ME, edit=True) or "")
    assert refusal(a_file, ME, edit=False) is None
    event = _message(type="event", content={"namespace": "state:resolved"})
    assert refusal(event, ME, edit=False) == "That is a conversation event: it cannot be deleted."


def _cached(inbox: Inbox, session: str, fingerprint: int) -> Message:
    found = {m.fingerprint: m for m in inbox.messages(session)}
    return found[fingerprint]


async def test_own_reply_edited_then_deleted(rtm_server: EmulatorServer, tmp_path) -> None:
    emulator = rtm_server.emulator
    async with live_inbox(rtm_server, tmp_path, Waits()) as inbox:
        session = inbox.rows[0].session_id
        await inbox.open(session)
        assert await inbox.send(session, "Teh fix is live")
        fingerprint = inbox.messages(session)[-1].fingerprint

        assert await inbox.message_edits.edit(session, fingerprint, "The fix is live")
        edited = _cached(inbox, session, fingerprint)
        assert (edited.content, edited.edited) == ("The fix is live", True)
        assert inbox.conversation(session).last_message == "The fix is live"  # type: ignore[union-attr]

        assert await inbox.message_edits.delete(session, fingerprint)
        gone = _cached(inbox, session, fingerprint)
        assert gone.removed and gone.content != "The fix is live"
        assert inbox.conversation(session).last_message == "Message deleted"  # type: ignore[union-attr]
        assert fingerprint not in {m["fingerprint"] for m in emulator.world.messages[session]}
        assert not inbox.store.search_conversations("fix is live")  # its text left the index

        # An edge-cached read from before the removal does not bring it back.
        await inbox.refresh()
        assert _cached(inbox, session, fingerprint).removed

        assert not await inbox.message_edits.edit(session, 123_456, "no such message")


async def test_colleagues_edits_and_removals_arrive_live_and_on_the_catch_up(
    rtm_server: EmulatorServer, tmp_path
) -> None:
    emulator, waits = rtm_server.emulator, Waits()
    teammate = sorted(emulator.world.operator_ids())[-1]
    async with live_inbox(rtm_server, tmp_path, waits) as inbox, rest(rtm_server) as colleague:
        await until(inbox, lambda: inbox.status.live == "live")
        session = inbox.rows[1].session_id
        await inbox.open(session)
        written = [
            await _colleague_writes(colleague, inbox, session, n, teammate) for n in range(4)
        ]
        await until(inbox, lambda: set(written) <= {m.fingerprint for m in inbox.messages(session)})

        await _colleague_edits(colleague, inbox, session, written[0], "edited live")
        await until(inbox, lambda: _cached(inbox, session, written[0]).edited)
        assert _cached(inbox, session, written[0]).content == "edited live"
        await colleague.delete(_path(inbox, session, written[1]))
        await until(inbox, lambda: _cached(inbox, session, written[1]).removed)

        waits.hold()  # changes made while the socket is down reach us by the catch-up
        emulator.rtm.drop()
        await until(inbox, lambda: inbox.status.live == "reconnecting")
        await _colleague_edits(colleague, inbox, session, written[2], "edited while down")
        await colleague.delete(_path(inbox, session, written[3]))
        await colleague.post(  # newer than the removed one, so the batch spans it
            f"{_conversation(inbox, session)}/message",
            json={
                "type": "note",
                "from": "operator",
                "origin": "chat",
                "content": "later",
                "timestamp": FIXED_NOW_MS + 9000,
            },
        )
        waits.release()
        await until(inbox, lambda: _cached(inbox, session, written[3]).removed)
        await until(inbox, lambda: _cached(inbox, session, written[2]).edited)
        assert _cached(inbox, session, written[2]).content == "edited while down"


def _conversation(inbox: Inbox, session: str) -> str:
    return f"/website/{inbox.client.website_id}/conversation/{session}"


def _path(inbox: Inbox, session: str, fingerprint: int) -> str:
    return f"{_conversation(inbox, session)}/message/{fingerprint}"


async def _colleague_writes(
    http: httpx.AsyncClient, inbox: Inbox, session: str, n: int, teammate: str
) -> int:
    answer = await http.post(
        f"{_conversation(inbox, session)}/message",
        json={
            "type": "text",
            "from": "operator",
            "origin": "chat",
            "content": f"colleague says {n}",
            "user": {"user_id": teammate},
            "timestamp": FIXED_NOW_MS + n * 1000,
        },
        timeout=WAIT_S,
    )
    answer.raise_for_status()
    return int(answer.json()["data"]["fingerprint"])


async def _colleague_edits(
    http: httpx.AsyncClient, inbox: Inbox, session: str, fingerprint: int, text: str
) -> None:
    answer = await http.patch(_path(inbox, session, fingerprint), json={"content": text})
    answer.raise_for_status()
