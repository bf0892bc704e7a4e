"""Bulk triage in the inbox against the in-process emulator: one batch request for many, our copy
patched at once, partial failures named, and `undo` putting back what each one had."""

from __future__ import annotations

from crisp_tui.inbox.events import BulkProgress, Notice
from crisp_tui.inbox.views import View
from tests.inbox import test_inbox

# The inbox tests' fixtures: the in-process emulator, the agent's settings, a started inbox.
emulator, settings, started = test_inbox.emulator, test_inbox.settings, test_inbox.started


def writes(emulator) -> list[tuple[list[str], dict]]:
    return [(w["path"].rsplit("/", 2)[-2:], w["body"]) for w in emulator.stats.writes]


async def test_bulk_resolve_is_one_batch_and_undo_gives_each_its_state_back(started, emulator):
    inbox, _ = started
    world = emulator.world
    ids = [row.session_id for row in inbox.rows[:3]]
    inbox.apply_patch(ids[2], state="pending")
    world.conversations[ids[2]]["state"] = "pending"
    emulator.stats.reset()
    order = [row.session_id for row in inbox.rows]

    result = await inbox.bulk.set_state(ids, "resolved")

    assert result.done == tuple(ids) and result.failed == ()
    assert writes(emulator) == [(["batch", "resolve"], {"sessions": ids})]
    assert not {row.session_id for row in inbox.rows} & set(ids)  # resolved: out of "Open"
    assert all(inbox.conversation(s).state == "resolved" for s in ids)
    assert inbox.undoable == ids[0]

    emulator.stats.reset()
    assert await inbox.undo() == ids[0]
    assert writes(emulator) == [
        (["batch", "unresolve"], {"sessions": ids[:2]}),
        ([ids[2], "state"], {"state": "pending"}),
    ]
    assert [inbox.conversation(s).state for s in ids] == ["unresolved", "unresolved", "pending"]
    assert [world.conversations[s]["state"] for s in ids] == ["unresolved"] * 2 + ["pending"]
    assert [row.session_id for row in inbox.rows] == order  # back in the view, each in its place
    assert inbox.undoable is None

    await inbox.bulk.set_state(order, "resolved")  # every row: none is left to place them by
    assert inbox.rows == []
    await inbox.undo()
    assert [row.session_id for row in inbox.rows] == order


async def test_bulk_pending_goes_one_by_one_with_progress_and_names_what_failed(started, emulator):
    inbox, recorder = started
    ids = [row.session_id for row in inbox.rows[:3]]
    gone = ids[1]
    emulator.world.remove(gone)  # deleted by a teammate since the list was fetched

    result = await inbox.bulk.set_state(ids, "pending")

    assert result.done == (ids[0], ids[2])
    assert [session for session, _ in result.failed] == [gone]
    assert "no such conversation" in result.failed[0][1]
    assert [(e.done, e.total) for e in recorder.of(BulkProgress)] == [(1, 3), (2, 3), (3, 3)]
    assert inbox.conversation(ids[0]).state == "pending"
    assert not recorder.of(Notice)  # the caller says what failed, once


async def test_bulk_read_assign_and_their_undo_only_touch_what_changed(started, emulator):
    inbox, _ = started
    rows = inbox.rows[:4]
    ids = [row.session_id for row in rows]
    unread_before = [row.unread_operator for row in rows]
    me = inbox.settings.operator_id
    other = next(o for o in sorted(emulator.world.operator_ids()) if o != me)
    await inbox.bulk.assign(ids[:1], other)
    emulator.stats.reset()

    assignees = [inbox.conversation(s).assigned_user_id for s in ids]

    await inbox.bulk.assign(ids, me)
    assert [inbox.conversation(s).assigned_user_id for s in ids] == [me] * 4
    await inbox.undo()
    assert [inbox.conversation(s).assigned_user_id for s in ids] == assignees
    routed = [body for (_, kind), body in writes(emulator) if kind == "routing"]
    assert routed[0] == {"sessions": ids, "assigned": {"user_id": me}}
    groups: dict[str | None, list[str]] = {}
    for session_id, user_id in zip(ids, assignees, strict=True):
        if user_id != me:
            groups.setdefault(user_id, []).append(session_id)
    assert routed[1:] == [
        {"sessions": group, "assigned": {"user_id": user_id} if user_id else None}
        for user_id, group in groups.items()
    ]

    emulator.stats.reset()
    await inbox.bulk.mark_read(ids)
    assert all(inbox.conversation(s).unread_operator == 0 for s in ids)
    await inbox.undo()
    was_unread = [s for s, n in zip(ids, unread_before, strict=True) if n]
    reverted = [body for (_, kind), body in writes(emulator)[1:]]
    assert reverted == ([{"sessions": was_unread}] if was_unread else [])
    assert [inbox.conversation(s).unread_operator > 0 for s in ids] == [
        n > 0 for n in unread_before
    ]


async def test_undo_in_search_results_puts_every_row_back_in_crisps_order(started, emulator):
    inbox, _ = started
    await inbox.set_view(View.builtin("open", "screenshot"))
    order = [row.session_id for row in inbox.rows]
    assert len(order) >= 3

    await inbox.bulk.set_state(order[:3], "resolved")
    await inbox.undo()
    assert [row.session_id for row in inbox.rows] == order
