"""Every failure ends as a clear notice while the app stays up (and recovers by itself)."""

from __future__ import annotations

import pytest

from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog

from .conftest import SIZE
from .pilot import notices, press, settle


async def no_wait(_seconds: float) -> None:
    """Retries back off without real time passing."""


def instant_retries(app) -> None:
    app.inbox.client._transport._sleep = no_wait


async def test_wrong_credentials(make_app):
    app = make_app(token_key="not-the-key")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert any("rejected the credentials" in text for text in notices(app))
        assert app.is_running
        await press(pilot, "j", "enter", "e", "question_mark", "escape")


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        ({"daily_quota": 3}, "quota"),
        ({"burst_limit": 1, "burst_window_ms": 3_600_000}, "rate limiting"),
        ({"drop_rate": 1.0}, "connection to Crisp"),
    ],
    ids=["423-quota", "429-rate-limit", "network-down"],
)
async def test_api_failures_become_notices(make_app, emulator, faults, expected):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        instant_retries(app)
        emulator.set_faults(**faults)
        await press(pilot, "ctrl+r")
        await press(pilot, "enter")
        assert any(expected in text for text in notices(app)), notices(app)
        assert app.is_running


async def test_network_returns_and_polling_recovers(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        instant_retries(app)
        emulator.set_faults(drop_rate=1.0)
        await app.inbox.reconcile()
        await settle(pilot)
        assert app.inbox.status.online is False
        emulator.reset_faults()
        await app.inbox.reconcile()
        await settle(pilot)
        assert app.inbox.status.online


async def test_unknown_session(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.query_one(InboxList).highlighted_id
        emulator.world.remove(session_id)
        await press(pilot, "enter")
        assert any("no such conversation" in text for text in notices(app)), notices(app)
        assert isinstance(app.focused, MessageLog)


def test_starting_without_credentials_says_what_to_set_and_offers_the_demo(capsys):
    from crisp_tui.config import Settings
    from crisp_tui.tui.app import run

    assert run(Settings()) == 2
    err = capsys.readouterr().err
    assert "CRISP_WEBSITE_ID is not set" in err and "crisp-tui --demo" in err
