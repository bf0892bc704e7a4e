"""SVG snapshots of the main screens on a fixed inbox (fixed_world), the clock frozen, TZ=UTC.

Regenerate after an intended change: pytest tests/tui/app/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from crisp_tui.emulator import EmulatorSettings, FakeClock
from crisp_tui.tui.widgets.composer import Composer
from tests.support.emulator import FIXED_NOW_MS

from .conftest import SIZE
from .fixed_world import populate
from .pilot import settle


@pytest.fixture
def emulator_settings() -> EmulatorSettings:
    return EmulatorSettings(
        seed=1234, clock=FakeClock(FIXED_NOW_MS), conversations=0, activity_per_minute=0
    )


@pytest.fixture(autouse=True)
def fixed_inbox(emulator) -> None:
    populate(emulator)


async def opened(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")
    pilot.app.query_one(Composer).cursor_blink = False
    await settle(pilot)


def test_main_screen(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=opened)


def test_main_screen_with_visitor_panel(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_confirm_send(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await opened(pilot)
        await pilot.press("r", *"Refunded the double charge.", "ctrl+j")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_narrow_terminal(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(40, 12), run_before=opened)
