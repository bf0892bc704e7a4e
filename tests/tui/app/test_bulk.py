"""Bulk triage from the keyboard (issue 15 item 2): space selects, one confirmation names how
many and which, one batch request does them all, `u` undoes them as one; a partial failure is
named and what failed stays selected."""

from __future__ import annotations

from crisp_tui.tui.screens.confirm_bulk import ConfirmBulkScreen
from crisp_tui.tui.widgets.key_bar import KeyBar

from .conftest import SIZE
from .pilot import notices, press, settle


def selected(app) -> list[str]:
    inbox_list = app.main.inbox_list
    return [s for s in inbox_list.session_ids if inbox_list.get_option(s).prompt.facts.selected]


def writes(emulator) -> list[tuple[str, object]]:
    return [(w["path"].split("/v1/website/", 1)[1], w["body"]) for w in emulator.stats.writes]


async def test_select_three_resolve_them_in_one_batch_and_undo_in_one(make_app, emulator):
    world = emulator.world
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = list(app.main.inbox_list.session_ids[:3])
        for session_id in ids:  # the Open view: reopened as unresolved by one batch
            world.conversations[session_id]["state"] = "unresolved"
            app.inbox.apply_patch(session_id, state="unresolved")
        await press(pilot, "space", "space", "space")
        assert selected(app) == ids
        assert "list · 3 selected" in app.screen.query_one(KeyBar).render().plain
        emulator.stats.reset()

        await press(pilot, "e")
        dialog = app.screen
        assert isinstance(dialog, ConfirmBulkScreen)
        assert dialog.question == "Resolve 3 conversations?"
        listed = str(dialog.query_one("#confirm-text").render())
        assert all(app.inbox.conversation(s).display_name in listed for s in ids)
        assert not writes(emulator)  # nothing before the answer
        await press(pilot, "y")

        site = world.website_id
        assert writes(emulator) == [(f"{site}/batch/resolve", {"sessions": ids})]
        assert [world.conversations[s]["state"] for s in ids] == ["resolved"] * 3
        assert not set(ids) & set(app.main.inbox_list.session_ids)  # gone from Open
        assert "Resolved 3 conversations · u to undo" in notices(app)
        assert not selected(app) and "selected" not in app.screen.query_one(KeyBar).render().plain

        emulator.stats.reset()
        await press(pilot, "u")
        assert writes(emulator) == [(f"{site}/batch/unresolve", {"sessions": ids})]
        assert [world.conversations[s]["state"] for s in ids] == ["unresolved"] * 3
        assert set(ids) <= set(app.main.inbox_list.session_ids)
        assert "Undone: Resolved 3 conversations" in notices(app)

        # Pending has no batch route: one request each; one deleted meanwhile is named.
        await press(pilot, "G", "k", "space", "space")
        pair = selected(app)
        gone = app.inbox.conversation(pair[1]).display_name
        world.remove(pair[1])
        emulator.stats.reset()
        await press(pilot, "p", "y")
        assert [path for path, _ in writes(emulator)] == [
            f"{site}/conversation/{s}/state" for s in pair
        ]
        assert world.conversations[pair[0]]["state"] == "pending"
        said = notices(app)[-1]
        assert said.startswith("Marked 1 conversation pending · u to undo. Not done for 1")
        assert gone in said and "no such conversation" in said
        assert selected(app) == [pair[1]]  # what failed stays selected, to try again

        await press(pilot, "A")  # the operator picker says it assigns the selection
        assert app.screen.title_text == "Assign 1 conversation to"
        await press(pilot, "escape", "escape")
        assert not selected(app)


async def test_resolving_every_loaded_row_loads_the_next_page(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        loaded = set(app.main.inbox_list.session_ids)
        assert app.inbox.has_more_pages
        await press(pilot, "*", "e", "y")
        shown = set(app.main.inbox_list.session_ids)
        assert shown and not shown & loaded  # the next page, not "No conversations in Open."
