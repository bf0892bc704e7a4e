"""Pilot tests of the agent's own actions (issue 14): applied locally at once, said in one line,
undoable for a few seconds, never silent offline."""

from __future__ import annotations

import copy

import pytest

from crisp_tui.emulator import Emulator
from crisp_tui.present import age
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog
from tests.support.emulator import visitor_writes

from .conftest import SIZE
from .pilot import notices, press, settle
from .test_errors import instant_retries


def world_row(emulator: Emulator, session_id: str) -> dict:
    return emulator.world.conversations[session_id]


def row_text(app, session_id: str) -> str:
    return str(app.main.inbox_list.get_option(session_id).prompt)


def shown_waiting(app, session_id: str) -> bool:
    return app.main.inbox_list.get_option(session_id).prompt.facts.waiting


def header_text(app) -> str:
    return str(app.main.pane.query_one("#conversation-header").render())


async def test_a_reply_shows_at_once_in_the_row_the_header_and_the_log(make_app, emulator):
    session_id = next(
        sid
        for sid, row in emulator.world.conversations.items()
        if row.get("waiting_since") and row.get("state") == "unresolved"
    )
    world_row(emulator, session_id)["state"] = "pending"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        app.main.inbox_list.select_id(session_id)
        await press(pilot, "enter")
        assert shown_waiting(app, session_id)
        log = app.query_one(MessageLog)
        log.scroll_home(animate=False)  # reading older history when the reply goes out
        await press(pilot, "r", *"On it, Jane", "ctrl+j", "y")
        assert world_row(emulator, session_id)["state"] == "unresolved"
        row = app.inbox.conversation(session_id)
        assert row.waiting_since is None
        assert row.state == "unresolved"
        assert "On it, Jane" in row_text(app, session_id)
        assert not shown_waiting(app, session_id)
        assert "pending" not in header_text(app).lower()
        assert log.messages[-1].content == "On it, Jane"
        assert log.scroll_y == log.max_scroll_y  # the view jumped to the agent's message


async def test_resolve_in_a_view_that_keeps_it_shows_resolved_and_not_waiting(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        waiting = next(row for row in app.inbox.rows if row.waiting_since and row.is_open)
        app.main.inbox_list.select_id(waiting.session_id)
        await press(pilot, "e")
        row = app.inbox.conversation(waiting.session_id)
        assert (row.state, row.waiting_since) == ("resolved", None)
        assert not shown_waiting(app, waiting.session_id)
        assert "✓" in row_text(app, waiting.session_id)


async def test_queued_replies_appear_in_the_conversation_once_delivered(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Refused at the edge, so surely not stored: queued and sent by the next sync (a dropped
        # POST may have landed, so the outbox would look for it instead of sending again).
        emulator.set_faults(match="^POST", script=["html:429"] * 3)
        await press(pilot, "enter", "r", *"Sent after the outage", "ctrl+j", "y")
        session_id = app.main.open_id
        assert [item.status for item in app.inbox.pending_sends(session_id)] == ["queued"]
        emulator.reset_faults()
        await app.inbox.reconcile()
        await settle(pilot)
        assert app.inbox.pending_sends(session_id) == []
        log = app.query_one(MessageLog)
        assert log.messages[-1].content == "Sent after the outage"
        assert "Sent after the outage" in row_text(app, session_id)


@pytest.mark.parametrize("key", ["e", "p", "a", "U"])
async def test_offline_an_action_says_it_did_not_happen(make_app, emulator, key):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        instant_retries(app)
        emulator.set_faults(drop_rate=1.0)
        await app.inbox.reconcile()  # offline now, and told once
        await settle(pilot)
        before = len(notices(app))
        session_id = app.main.inbox_list.highlighted_id
        await press(pilot, key)
        said = notices(app)[before:]
        assert any("Not done" in text for text in said), said
        assert app.main.inbox_list.highlighted_id == session_id  # nothing to advance past


ACTIONS = {  # key: what it says, the field it changes, which rows it changes
    "e": ("Resolved {name}", "state", lambda row, me: True),
    "p": ("Marked {name} pending", "state", lambda row, me: row.state != "pending"),
    "a": ("Assigned {name} to you", "assigned", lambda row, me: row.assigned_user_id != me),
    "m": ("Marked {name} read", "unread", lambda row, me: row.unread_operator > 0),
    "M": ("Marked {name} unread", "unread", lambda row, me: row.unread_operator == 0),
}


@pytest.mark.parametrize("key", ACTIONS)
async def test_an_action_says_what_it_did_and_u_undoes_it(make_app, emulator, me, key):
    done, field, changes = ACTIONS[key]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.main.inbox_list
        row = next(r for r in app.inbox.rows if changes(r, me))
        inbox_list.select_id(row.session_id)
        before = copy.deepcopy(world_row(emulator, row.session_id).get(field))
        await press(pilot, key)
        assert done.format(name=row.display_name) + " · u to undo" in notices(app)
        assert world_row(emulator, row.session_id).get(field) != before
        await press(pilot, "u")
        assert (world_row(emulator, row.session_id).get(field) or None) == (before or None)
        assert inbox_list.highlighted_id == row.session_id
        assert app.inbox.conversation(row.session_id).raw.get(field) == before
        assert any(text.startswith("Undone") for text in notices(app))


async def test_unassign_says_so_and_undo_restores_the_assignee(make_app, emulator, me):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.main.inbox_list.highlighted_id
        await press(pilot, "a", "k", "U")
        assert not (world_row(emulator, session_id).get("assigned") or {}).get("user_id")
        assert any(text.startswith("Unassigned") for text in notices(app))
        await press(pilot, "u")
        assert world_row(emulator, session_id)["assigned"]["user_id"] == me


async def test_undo_after_the_window_does_nothing(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.main.inbox_list.highlighted_id
        await press(pilot, "e")
        emulator.advance(seconds=60)
        await press(pilot, "u")
        assert world_row(emulator, session_id)["state"] == "resolved"
        assert "Nothing to undo." in notices(app)


async def test_reopen_has_its_own_key(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        resolved = next(row for row in app.inbox.rows if row.state == "resolved")
        app.main.inbox_list.select_id(resolved.session_id)
        await press(pilot, "R")
        assert world_row(emulator, resolved.session_id)["state"] == "unresolved"
        assert any(text.startswith("Reopened") for text in notices(app))


async def test_actions_in_the_conversation_act_on_the_open_one(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.main.inbox_list
        first, second = inbox_list.session_ids[:2]
        await press(pilot, "enter")
        inbox_list.select_id(second)  # the list moved under the agent (a click, a poll)
        await press(pilot, "p")
        assert world_row(emulator, first)["state"] == "pending"
        assert world_row(emulator, second)["state"] != "pending"


async def test_in_the_unread_view_mark_unread_brings_the_row_back(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        inbox_list = app.query_one(InboxList)
        session_id = inbox_list.highlighted_id
        await press(pilot, "enter")
        assert session_id not in inbox_list.session_ids  # read now: it left the view
        await press(pilot, "M")
        assert session_id in inbox_list.session_ids
        assert inbox_list.highlighted_id == session_id


async def test_the_list_never_moves_the_highlighted_row_away(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.main.inbox_list
        await press(pilot, "j", "j", "j")
        session_id = inbox_list.highlighted_id
        below = inbox_list.session_ids[6]
        visitor_writes(emulator, below, "Any news?", fingerprint=2**41 + 7)
        emulator.advance(seconds=5)
        await app.inbox.reconcile()  # Crisp puts `below` on top: the rows above shift down
        await settle(pilot)
        assert inbox_list.session_ids[0] == below
        assert (inbox_list.highlighted, inbox_list.highlighted_id) == (3, session_id)
        await press(pilot, "4", "1")  # another view: the rows are placed afresh
        assert list(inbox_list.session_ids) == [row.session_id for row in app.inbox.rows]


async def test_sort_by_waiting_time_asks_crisp_and_keeps_the_agents_place(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        emulator.stats.reset()
        await press(pilot, "s")
        assert any("waiting time" in text for text in notices(app))
        # Crisp's own order, not the loaded pages re-sorted: only the waiting, longest first.
        (query,) = emulator.stats.queries("GET /website/{website_id}/conversations/{page}")
        assert query["order_date_waiting"] == "1" and "order_date_updated" not in query
        world = emulator.world.conversations
        waiting = sorted(
            (
                c
                for sid, c in world.items()
                if c.get("waiting_since")
                and emulator.world.messages[sid]
                and c["state"] != "resolved"
            ),
            key=lambda c: c["waiting_since"],
        )
        inbox_list = app.main.inbox_list
        shown = list(inbox_list.session_ids)
        assert shown == [c["session_id"] for c in waiting][: len(shown)]
        assert "waiting longest" in str(app.main.query_one("#view-bar").render())
        # Each row's clock says how long its visitor has waited (the sort's key), not since when
        # the conversation moved: the order reads as sorted.
        now = inbox_list.context.now
        ages = [(age(c["waiting_since"], now), age(c["updated_at"], now)) for c in waiting]
        index = next(i for i, (waited, moved) in enumerate(ages[: len(shown)]) if waited != moved)
        second_line = str(inbox_list.get_option_at_index(index).prompt).splitlines()[1]
        assert second_line.split()[0] == ages[index][0]
        # Working through the list: a teammate answers the first visitor elsewhere (it leaves
        # Crisp's queue), a poll comes; the highlighted conversation stays where it is.
        await press(pilot, "j", "j", "j")
        session_id = inbox_list.highlighted_id
        answered = shown[0]
        emulator.world.append(
            answered,
            {
                **emulator.world.messages[answered][-1],
                "from": "operator",
                "content": "On it!",
                "fingerprint": 2**41 + 9,
                "timestamp": emulator.clock.now_ms() + 1000,
            },
        )
        emulator.advance(seconds=5)
        await app.inbox.reconcile()
        await settle(pilot)
        assert not emulator.world.conversations[answered].get("waiting_since")
        assert inbox_list.session_ids[0] != answered  # the rows around it moved
        assert (inbox_list.highlighted, inbox_list.highlighted_id) == (3, session_id)
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.inbox.sort == "waiting"
        assert (
            emulator.stats.queries("GET /website/{website_id}/conversations/{page}")[-1][
                "order_date_waiting"
            ]
            == "1"
        )
        again_waits = [row.waiting_since for row in again.inbox.rows]
        assert all(again_waits) and again_waits == sorted(again_waits)
