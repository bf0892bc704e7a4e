"""Issue 5's proofs with real processes and a real server: kill -9 while sending, and an
emulator that is stopped, then started again."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from crisp_tui.inbox.inbox import build_inbox
from tests.support.agents import agent_env, copies, open_session, wait_for
from tests.support.emulator import FIXED_NOW_MS, served, settings_for

NO_WAIT = RetryPolicy(attempts=2, base_delay=0, max_delay=0)

# The agent's process: types a note, confirms a reply, and is killed while the reply is on its
# way (the server has stored it and holds its answer).
AGENT = """
import asyncio, os, sys
from pathlib import Path
from crisp_tui.config import load_settings
from crisp_tui.inbox.inbox import build_inbox

async def main(store: str, session_id: str) -> None:
    inbox, _ = build_inbox(load_settings(), store_path=Path(store))
    inbox.save_draft(session_id, "note", "typed before the crash")
    await inbox.send(session_id, "sent while the process died")

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.fixture
def server():
    with served(EmulatorSettings(seed=7, clock=FakeClock(FIXED_NOW_MS))) as server:
        yield server


async def test_killed_while_sending_restarts_with_the_draft_and_the_reply_exactly_once(
    server, tmp_path
):
    session_id = open_session(server)
    store = tmp_path / "store.sqlite3"
    server.emulator.set_faults(commit_then_fail=["slow"], slow_ms=60_000)
    agent = subprocess.Popen(
        [sys.executable, "-c", AGENT, str(store), session_id],
        env=agent_env(server),
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        wait_for(lambda: copies(server, session_id, "sent while the process died") == 1)
    finally:
        agent.send_signal(signal.SIGKILL)
        agent.wait(timeout=10)
    server.emulator.reset_faults()

    inbox, _ = build_inbox(settings_for(server), store_path=store, retry=NO_WAIT)
    await inbox.start()
    await inbox.reconcile()
    assert inbox.draft(session_id, "note") == "typed before the crash"
    assert inbox.pending_sends(session_id) == []
    assert copies(server, session_id, "sent while the process died") == 1
    await inbox.stop()


async def test_a_stopped_server_then_a_restarted_one(server, tmp_path):
    session_id = open_session(server)
    inbox, _ = build_inbox(
        settings_for(server), store_path=tmp_path / "store.sqlite3", retry=NO_WAIT
    )
    await inbox.start()
    await inbox.open(session_id)
    cached = len(inbox.messages(session_id))

    server.stop()
    await inbox.reconcile()
    assert inbox.status.online is False and inbox.status.offline_since
    assert len(inbox.messages(session_id)) == cached  # still readable offline
    assert not await inbox.send(session_id, "written offline")
    assert [item.status for item in inbox.pending_sends(session_id)] == ["queued"]

    with EmulatorServer(app=server.app, port=server.port) as again:
        await inbox.reconcile()
        assert inbox.status.online is True
        assert copies(again, session_id, "written offline") == 1
        assert inbox.pending_sends(session_id) == []
    await inbox.stop()
