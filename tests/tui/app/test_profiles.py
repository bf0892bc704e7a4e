"""Switching website from the app (issue #16 item 5): W or the palette, a picker of profile
names (never a token), the draft kept in the website's own store, the next app's settings ready;
a profile that cannot be used is one sentence and the app stays."""

from __future__ import annotations

from crisp_tui.config import config_file_path
from crisp_tui.emulator import DEMO_TOKEN_ID, DEMO_TOKEN_KEY
from crisp_tui.inbox.store import Store
from crisp_tui.tui.screens.profile_picker import ProfilePicker
from crisp_tui.tui.widgets.composer import Composer

from .conftest import SIZE
from .pilot import notices, press, settle


def write_profiles() -> None:
    path = config_file_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'token_id = "{DEMO_TOKEN_ID}"\n'
        '[profiles.acme]\nwebsite_id = "acme-site"\n'
        '[profiles.beta]\nwebsite_id = "beta-site"\noperator_id = "op-beta"\n'
        '[profiles.locked]\nwebsite_id = "locked-site"\ntoken_id = "locked-token"\n',
        encoding="utf-8",
    )


async def test_switching_profile_keeps_the_draft_and_restarts_on_the_other_website(
    make_app, tmp_path
):
    write_profiles()
    app = make_app(profiles=("acme", "beta", "locked"), profile="acme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "r")
        assert isinstance(app.focused, Composer)
        await pilot.press(*"half written")
        await press(pilot, "escape", "escape", "W")
        picker = app.screen
        assert isinstance(picker, ProfilePicker)
        shown = "\n".join(str(option.prompt) for option in picker.options)
        assert shown.splitlines() == ["▸ acme", "  beta", "  locked"]
        assert DEMO_TOKEN_KEY not in shown and DEMO_TOKEN_ID not in shown

        # A profile whose key cannot be found: one sentence, and the app stays on acme.
        await press(pilot, "G", "enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.is_running and app.next_settings is None
        assert any(
            text.startswith("Not switched to locked: CRISP_TOKEN_KEY is not set")
            for text in notices(app)
        )

        await press(pilot, "W", "j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert not app.is_running
    switched = app.next_settings
    assert switched is not None
    assert (switched.profile, switched.website_id, switched.operator_id) == (
        "beta",
        "beta-site",
        "op-beta",
    )
    assert switched.token_key == DEMO_TOKEN_KEY  # the same token, its key kept in memory
    with Store.open(tmp_path / "store.sqlite3")[0] as store:
        assert "half written" in store.drafts().values()


async def test_without_profiles_the_switch_says_how_to_add_one(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "W")
        assert not isinstance(app.screen, ProfilePicker)
        assert any(
            text.startswith("No profiles to switch to: add a [profiles.NAME]")
            for text in notices(app)
        )
