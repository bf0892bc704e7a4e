"""The demo keeps its own local store: `crisp-tui emulator` has the same website id, and its
sessions must not show what was done in the demo (#14)."""

from __future__ import annotations

from crisp_tui.config import Settings
from crisp_tui.emulator import DEMO_TOKEN_ID, DEMO_TOKEN_KEY, DEMO_WEBSITE_ID
from crisp_tui.inbox.inbox import build_inbox
from crisp_tui.tui.app import demo_app
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import press, settle


def test_demo_drafts_do_not_reach_an_emulator_session() -> None:
    demo = demo_app(Settings())
    demo.inbox.save_draft("session_demo", "reply", "typed in the demo")
    assert demo.inbox.draft("session_demo", "reply") == "typed in the demo"
    demo.inbox.store.close()

    emulator_settings = Settings(
        website_id=DEMO_WEBSITE_ID,
        token_id=DEMO_TOKEN_ID,
        token_key=DEMO_TOKEN_KEY,
        api_url="http://127.0.0.1:8787/v1",
    )
    session, _ = build_inbox(emulator_settings)
    try:
        assert session.draft("session_demo", "reply") == ""
        assert session.store.path != demo.inbox.store.path
    finally:
        session.store.close()


async def test_a_second_demo_run_shows_the_new_world_and_keeps_the_draft() -> None:
    """The demo's world is built afresh at every start (its timestamps, and so its fingerprints,
    move with the clock): the previous run's cache must not come back as duplicates or, once the
    catch-up compares it with Crisp, as "Message deleted"; what the agent typed must."""
    first = demo_app(Settings())
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = first.inbox.rows[0].session_id
        await press(pilot, "enter", "r", *"typed in the first run", "escape")
        assert first.query_one(MessageLog).messages
        assert first.inbox.draft(session_id, "reply") == "typed in the first run"

    second = demo_app(Settings())
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        second.main.open_conversation(session_id)
        await settle(pilot)
        # What the live source's catch-up does once connected, done here at a known moment.
        await second.inbox.message_edits.recheck(session_id)
        await settle(pilot)
        shown = second.query_one(MessageLog).messages
        crisp = await second.inbox.client.get_messages(session_id)
        assert shown and [m.fingerprint for m in shown if m.removed] == []
        assert {m.fingerprint for m in shown} <= {m.fingerprint for m in crisp.messages}
        await press(pilot, "r")
        assert second.query_one(Composer).text == "typed in the first run"
