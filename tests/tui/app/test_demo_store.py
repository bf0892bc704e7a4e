"""The demo keeps its own local store: `crisp-tui emulator` has the same website id, and its
sessions must not show what was done in the demo (#14)."""

from __future__ import annotations

from crisp_tui.config import Settings
from crisp_tui.emulator import DEMO_TOKEN_ID, DEMO_TOKEN_KEY, DEMO_WEBSITE_ID
from crisp_tui.inbox.inbox import build_inbox
from crisp_tui.tui.app import demo_app


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
