"""Exactly once with real processes and a server that stores late (#13 items 1 and 2).

A window is a real `crisp-tui` process's inbox (`build_inbox` from the environment) sharing the
store file; the server is the emulator on loopback with a fake clock, holding the answer of a
POST whose message it stores 60 s (of its clock) later."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crisp_tui.crisp.transport import RetryPolicy
from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from crisp_tui.emulator.routes import POST_MESSAGE
from crisp_tui.inbox.inbox import build_inbox
from crisp_tui.inbox.outbox import SETTLE_MS
from tests.support.agents import agent_env, copies, open_session, wait_for
from tests.support.emulator import FIXED_NOW_MS, served, settings_for

NO_WAIT = RetryPolicy(attempts=2, base_delay=0, max_delay=0)
LATE_MS = 60_000
ROOT = Path(__file__).resolve().parents[2]

# The first window: confirms a reply and stays on its POST (the server holds the answer).
SENDER = """
import asyncio, sys
from pathlib import Path
from crisp_tui.config import load_settings
from crisp_tui.inbox.inbox import build_inbox

async def main(store: str, session_id: str, text: str) -> None:
    inbox, _ = build_inbox(load_settings(), store_path=Path(store))
    await inbox.send(session_id, text)

asyncio.run(main(*sys.argv[1:]))
"""

# A second window: starts (recovering what it may), runs one sync, prints its outbox, quits.
WINDOW = """
import asyncio, json, sys
from pathlib import Path
from crisp_tui.config import load_settings
from crisp_tui.inbox.inbox import build_inbox

async def main(store: str) -> None:
    inbox, _ = build_inbox(load_settings(), store_path=Path(store))
    await inbox.start()
    await inbox.reconcile()
    print(json.dumps([item.status for item in inbox.store.outbox()]))
    await inbox.stop()

asyncio.run(main(*sys.argv[1:]))
"""


@pytest.fixture
def server():
    with served(EmulatorSettings(seed=7, clock=FakeClock(FIXED_NOW_MS))) as server:
        yield server


def python(server: EmulatorServer, code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=agent_env(server),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def start_sending(
    server: EmulatorServer, store: Path, session_id: str, text: str, late_ms: int = LATE_MS
) -> subprocess.Popen[str]:
    """A window whose reply's POST reached the server, which will store it `late_ms` later."""
    server.emulator.set_faults(late_commits=1, late_commit_ms=late_ms)
    sender = python(server, SENDER, str(store), session_id, text)
    wait_for(lambda: server.emulator.gate.applied.get("late_commit") == 1)
    return sender


def kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)  # reaped: its pid is gone, as after a real crash


async def test_a_second_window_starting_and_quitting_mid_send_makes_no_second_copy(
    server, tmp_path
):
    session_id, text = open_session(server), "one copy, two windows"
    store = tmp_path / "store.sqlite3"
    first = start_sending(server, store, session_id, text)
    try:
        second = python(server, WINDOW, str(store))
        out, _ = second.communicate(timeout=60)
        assert second.returncode == 0
        assert json.loads(out) == ["sending"]  # the first window's, left alone
    finally:
        kill(first)
    server.emulator.advance(ms=LATE_MS)  # the server stores the first window's POST now

    inbox, _ = build_inbox(settings_for(server), store_path=store, retry=NO_WAIT)
    await inbox.start()  # the first window died: its item is looked up, found, done
    await inbox.reconcile()
    assert inbox.pending_sends(session_id) == []
    assert copies(server, session_id, text) == 1
    assert server.emulator.stats.requests[POST_MESSAGE] == 1
    await inbox.stop()


async def test_killed_mid_send_against_a_server_storing_60_s_late_then_restarted(server, tmp_path):
    session_id, text = open_session(server), "stored a minute late"
    store = tmp_path / "store.sqlite3"
    kill(start_sending(server, store, session_id, text))
    clock = server.emulator.clock
    inbox, _ = build_inbox(
        settings_for(server),
        store_path=store,
        retry=NO_WAIT,
        clock=lambda: clock.now_ms() / 1000,
    )
    await inbox.start()
    for _ in range(6):  # a tick every 10 s while the server has not stored it yet
        await inbox.reconcile()
        assert copies(server, session_id, text) == 0  # never resent while it may land
        assert [i.status for i in inbox.pending_sends(session_id)] == ["queued"]
        server.emulator.advance(seconds=10)
    await inbox.reconcile()  # 60 s: the server stored it; the look-up settles it
    assert inbox.pending_sends(session_id) == []
    assert copies(server, session_id, text) == 1
    assert server.emulator.stats.requests[POST_MESSAGE] == 1
    await inbox.stop()


async def test_a_post_that_never_lands_is_left_to_the_agent_after_the_settle_window(
    server, tmp_path
):
    session_id, text = open_session(server), "lost for good"
    store = tmp_path / "store.sqlite3"
    kill(start_sending(server, store, session_id, text, late_ms=10 * SETTLE_MS))
    clock = server.emulator.clock
    inbox, _ = build_inbox(
        settings_for(server), store_path=store, retry=NO_WAIT, clock=lambda: clock.now_ms() / 1000
    )
    await inbox.start()
    await inbox.reconcile()
    server.emulator.advance(ms=SETTLE_MS)
    await inbox.reconcile()
    [item] = inbox.pending_sends(session_id)
    assert item.status == "unknown" and copies(server, session_id, text) == 0
    assert await inbox.resend(session_id, item.fingerprint)  # the agent decided
    assert copies(server, session_id, text) == 1
    await inbox.stop()
