"""SVG snapshots of the main screens, on the seeded emulator with its clock frozen (TZ=UTC).

Regenerate after an intended change: pytest tests/tui/app/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from crisp_tui.tui.widgets.composer import Composer

from .conftest import SIZE
from .pilot import settle


async def opened(pilot) -> None:
    await settle(pilot)
    pilot.app.query_one(Composer).cursor_blink = False
    await pilot.press("j", "enter")
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
