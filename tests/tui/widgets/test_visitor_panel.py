from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from crisp_tui.crisp.models import Conversation, PageVisit
from crisp_tui.tui.render.visitor import OtherConversation
from crisp_tui.tui.widgets.visitor_panel import VisitorPanel
from tests.support.hostile import load_hostile_corpus
from tests.tui.render.hostile_data import assert_terminal_safe, hostile_conversation
from tests.tui.render.samples import NOW, OTHER_CONVERSATIONS, conversation, utc

pytestmark = pytest.mark.usefixtures("utc")
__all__ = ["utc"]


class PanelApp(App[None]):
    CSS = "Screen { align: right top; }"

    def __init__(self, conversation: Conversation | None) -> None:
        super().__init__()
        self.conversation = conversation
        self.clock = NOW

    def compose(self) -> ComposeResult:
        panel = VisitorPanel(clock=lambda: self.clock)
        panel.show(self.conversation, others=OTHER_CONVERSATIONS)
        yield panel


def panel_text(app: PanelApp) -> str:
    return str(app.query_one(VisitorPanel).query_one(Static).render())


async def test_panel_shows_the_profile_and_follows_the_open_conversation() -> None:
    app = PanelApp(conversation())
    async with app.run_test(size=(60, 40)) as pilot:
        panel = app.query_one(VisitorPanel)
        assert "Local time 16:00 (UTC+1)" in panel_text(app)
        assert "• Thanks, all good! session_old_2" in panel_text(app)
        panel.show(conversation(nickname="Bob"))
        await pilot.pause()
        assert panel_text(app).startswith("Bob\n")
        assert "Other conversations" not in panel_text(app)
        panel.show(None)
        assert panel_text(app) == "No conversation open."


async def test_hostile_profiles_reach_the_screen_as_plain_text() -> None:
    app = PanelApp(None)
    async with app.run_test(size=(60, 40)):
        panel = app.query_one(VisitorPanel)
        for case in load_hostile_corpus():
            pages = [PageVisit(case.value, case.value, case.value, 1)]
            panel.show(
                hostile_conversation(case.value),
                others=[OtherConversation("s", case.value)],
                pages=pages,
            )
            shown = panel.query_one(Static).render()
            assert isinstance(shown, Content), case.id
            assert_terminal_safe(shown)


def test_snapshot_visitor_panel(snap_compare) -> None:
    assert snap_compare(PanelApp(conversation()), terminal_size=(60, 34))
