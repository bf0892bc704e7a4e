"""A proposal made from the shell shows in the running app within a second, without a restart;
the agent takes it into the composer (never over their own draft) or dismisses it, and it is
sent only through the confirmation, exactly once."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from crisp_tui.cli import main
from crisp_tui.config import data_dir
from crisp_tui.emulator import DEMO_WEBSITE_ID, Emulator
from crisp_tui.inbox.store_file import file_name
from crisp_tui.tui.render.row import PROPOSAL
from crisp_tui.tui.screens.confirm_send import ConfirmSendScreen
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.proposal_card import ProposalCard

from .conftest import SIZE
from .pilot import press, settle

PROPOSED = "Refunded the double charge: it shows in 3-5 days."


@pytest.fixture
def shared_store_app(make_app, monkeypatch: pytest.MonkeyPatch):
    """The app on the website's own store file, the one `crisp-tui draft` writes to."""
    monkeypatch.setenv("CRISP_WEBSITE_ID", DEMO_WEBSITE_ID)
    return make_app(store_path=data_dir() / file_name(DEMO_WEBSITE_ID))


def propose_from_the_shell(session_id: str, *extra: str) -> None:
    assert main(["draft", "propose", session_id, PROPOSED, "--by", "Claude", *extra]) == 0


async def until_shown(pilot: Pilot) -> ProposalCard:
    """Wait for the app's own check of the store (no call into it) to show the card."""
    card = pilot.app.query_one(ProposalCard)
    for _ in range(100):  # the check runs twice a second; this allows five seconds
        if card.display:
            return card
        await pilot.pause(0.05)
    raise AssertionError("the proposal never showed")


async def open_first(pilot: Pilot) -> str:
    await settle(pilot)
    session_id = pilot.app.inbox.rows[0].session_id
    pilot.app.query_one(InboxList).select_id(session_id)
    await press(pilot, "enter")
    return session_id


def row_text(app, session_id: str) -> str:
    return str(app.query_one(InboxList).get_option(session_id).prompt)


async def open_and_propose(pilot: Pilot) -> tuple[str, ProposalCard]:
    """Open the first conversation, propose a reply for it from the shell, wait for the card."""
    session_id = await open_first(pilot)
    propose_from_the_shell(session_id)
    return session_id, await until_shown(pilot)


async def test_a_shell_proposal_is_taken_reviewed_and_sent_once(
    shared_store_app, emulator: Emulator
):
    app = shared_store_app
    async with app.run_test(size=SIZE) as pilot:
        session_id, card = await open_and_propose(pilot)
        assert PROPOSED in card.render().plain and "Claude" in card.render().plain
        assert PROPOSAL in row_text(app, session_id)
        await press(pilot, "t")
        composer = app.query_one(Composer)
        assert composer.text == PROPOSED and composer.kind == "reply"
        assert app.focused is composer and not card.display
        assert app.inbox.proposals(session_id) == []
        await press(pilot, "ctrl+j")
        assert isinstance(app.screen, ConfirmSendScreen)
        assert emulator.stats.posted == []  # nothing leaves before the agent confirms
        await press(pilot, "y")
    assert [(p["session_id"], p["content"]) for p in emulator.stats.posted] == [
        (session_id, PROPOSED)
    ]


async def test_a_proposal_never_replaces_the_agents_draft(shared_store_app):
    app = shared_store_app
    async with app.run_test(size=SIZE) as pilot:
        session_id = await open_first(pilot)
        await press(pilot, "N", *"My own note", "escape")
        propose_from_the_shell(session_id, "--note")
        await until_shown(pilot)
        await press(pilot, "escape", "t")
        composer = app.query_one(Composer)
        assert composer.kind == "note"
        assert composer.text == f"My own note\n\n{PROPOSED}"


async def test_a_dismissed_proposal_is_gone_and_the_composer_untouched(
    shared_store_app, emulator: Emulator
):
    app = shared_store_app
    async with app.run_test(size=SIZE) as pilot:
        session_id, card = await open_and_propose(pilot)
        await press(pilot, "T")
        assert not card.display and app.inbox.proposals(session_id) == []
        assert app.query_one(Composer).text == ""
        assert PROPOSAL not in row_text(app, session_id)
    assert emulator.stats.posted == []
