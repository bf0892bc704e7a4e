"""The live source (inbox/live.py) over real loopback websockets: events applied to the store
without requests, and a dropped socket that loses nothing and duplicates nothing."""

from __future__ import annotations

from crisp_tui.emulator import EmulatorServer
from crisp_tui.inbox.inbox import Inbox
from tests.support.emulator import visitor_writes
from tests.support.rtm import Waits, live_inbox, until

PAGES = "GET /website/{website_id}/conversations/{page}"


async def synced_live(inbox: Inbox, server: EmulatorServer) -> None:
    """Live, and the reconcile that follows the authentication done (the second page 1)."""
    await until(inbox, lambda: inbox.status.live == "live")
    await until(inbox, lambda: server.emulator.stats.requests[PAGES] >= 2)


def _fingerprints(inbox: Inbox, session_id: str) -> list[int]:
    return [m.fingerprint for m in inbox.messages(session_id)]


async def test_messages_written_while_down_appear_once_after_the_reconnect(
    rtm_server: EmulatorServer, tmp_path
) -> None:
    emulator, waits = rtm_server.emulator, Waits()
    async with live_inbox(rtm_server, tmp_path, waits) as inbox:
        await until(inbox, lambda: inbox.status.live == "live")
        session = inbox.rows[2].session_id
        await inbox.open(session)
        visitor_writes(emulator, session, "before", fingerprint=11 * 10**14)
        await until(inbox, lambda: 11 * 10**14 in _fingerprints(inbox, session))

        waits.hold()  # the reconnect waits until the messages below are written
        emulator.rtm.drop()
        await until(inbox, lambda: inbox.status.live == "reconnecting")
        assert "the live connection dropped" in inbox.status.live_reason
        for n in range(3):
            visitor_writes(emulator, session, f"while down {n}", fingerprint=(12 + n) * 10**14)
        waits.release()

        await until(inbox, lambda: inbox.status.live == "live")
        down = [(12 + n) * 10**14 for n in range(3)]
        await until(inbox, lambda: set(down) <= set(_fingerprints(inbox, session)))
        visitor_writes(emulator, session, "after", fingerprint=15 * 10**14)
        await until(inbox, lambda: 15 * 10**14 in _fingerprints(inbox, session))

        found = _fingerprints(inbox, session)
        assert len(found) == len(set(found))  # each exactly once
        assert found[-5:] == [11 * 10**14, *down, 15 * 10**14]
        assert inbox.rows[0].session_id == session


async def test_events_are_applied_without_requests(rtm_server: EmulatorServer, tmp_path) -> None:
    emulator = rtm_server.emulator
    async with live_inbox(rtm_server, tmp_path, Waits()) as inbox:
        await until(inbox, lambda: inbox.status.live == "live")
        await until(
            inbox,
            lambda: emulator.stats.requests["GET /website/{website_id}/conversations/{page}"] >= 2,
        )
        session = inbox.rows[4].session_id
        teammate = sorted(emulator.world.operator_ids())[-1]
        emulator.stats.reset()
        with emulator.world.lock:
            emulator.world.set_state(session, "pending", emulator.clock.now_ms())
            emulator.world.conversations[session]["assigned"] = {"user_id": teammate}
            emulator.world.emit("session:set_routing", session, routing_id=teammate)
            emulator.world.emit("session:set_inbox", session, inbox_id="inbox_sales")
            emulator.world.emit("session:set_mentions", session, mentions=[teammate])
            participants = [{"type": "email", "target": "boss@example.com"}]
            emulator.world.emit("session:set_participants", session, participants=participants)
            emulator.world.emit("session:set_nickname", session, nickname="Renamed Visitor")
        await until(inbox, lambda: inbox.conversation(session).meta.nickname == "Renamed Visitor")  # type: ignore[union-attr]
        row = inbox.conversation(session)
        assert row is not None
        assert (row.state, row.assigned_user_id) == ("pending", teammate)
        assert (row.inbox_id, row.mentions) == ("inbox_sales", (teammate,))
        assert row.raw["participants"] == participants
        assert emulator.stats.to_dict()["total"] == 0


async def test_a_new_conversation_is_fetched_once_and_listed(
    rtm_server: EmulatorServer, tmp_path
) -> None:
    emulator = rtm_server.emulator
    async with live_inbox(rtm_server, tmp_path, Waits()) as inbox:
        await synced_live(inbox, rtm_server)
        known = set(emulator.world.conversations)
        emulator.stats.reset()
        emulator.set_activity(1)
        emulator.advance(seconds=60 * 10)  # ten visitor events, some of them new conversations
        created = [s for s in emulator.world.conversations if s not in known]
        new = [s for s in created if emulator.world.messages[s]]
        await until(inbox, lambda: all(inbox.conversation(s) for s in new))
        fetched = emulator.stats.requests["GET /website/{website_id}/conversation/{session_id}"]
        assert fetched == len(new)  # one request per new conversation, none for the rest


async def test_safety_reconcile_runs_while_live(rtm_server: EmulatorServer, tmp_path) -> None:
    emulator, waits = rtm_server.emulator, Waits()
    async with live_inbox(rtm_server, tmp_path, waits, safety_interval=0.05) as inbox:
        await synced_live(inbox, rtm_server)
        before = emulator.stats.requests[PAGES]
        await until(inbox, lambda: emulator.stats.requests[PAGES] > before + 1)


async def test_refused_socket_falls_back_to_polling_and_says_why(
    rtm_server: EmulatorServer, tmp_path
) -> None:
    rtm_server.emulator.set_faults(rtm_refuse_auth=True)
    waits = Waits()
    waits.hold()
    async with live_inbox(rtm_server, tmp_path, waits) as inbox:
        await until(inbox, lambda: inbox.status.live == "unavailable")
        assert inbox.status.live_reason == "Crisp refused this token for live updates"
        assert inbox.status.poll_interval > 0  # the poller took over
