"""Saved views and Crisp inboxes as tabs: a view from the config file shows with its count,
switching to it (or to an inbox's view) asks Crisp the view's query and shows its rows."""

from __future__ import annotations

from crisp_tui.config import load_settings
from crisp_tui.inbox.views import View, find_view
from crisp_tui.tui.widgets.view_bar import ViewBar
from tests.test_config import write_config

from .pilot import press, settle

WIDE = (220, 40)  # every tab at full length
LIST_ROUTE = "GET /website/{website_id}/conversations/{page}"


def open_vip(world) -> list[str]:
    """The open conversations of the segment vip, newest activity first, as Crisp lists them."""
    found = [
        c
        for sid, c in world.conversations.items()
        if world.messages.get(sid) and c["state"] != "resolved" and "vip" in c["meta"]["segments"]
    ]
    return [c["session_id"] for c in sorted(found, key=lambda c: -c["updated_at"])]


async def test_a_saved_view_and_an_inbox_are_tabs_that_ask_crisp_their_query(
    make_app, emulator, me
):
    write_config('[[views]]\nname = "VIP"\nsegment = "vip"\nstate = "open"\n')
    app = make_app(views=load_settings().views)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        spec = find_view(app.inbox.views, "VIP")
        cached = app.inbox.store.conversations(limit=100_000)
        count = sum(View(spec).accepts(c, me) for c in cached)  # the cache's, no request
        tabs = str(app.query_one(ViewBar).render())
        assert f" VIP {count} " in tabs and " Sales " in tabs and " Support " in tabs

        emulator.stats.reset()
        await press(pilot, "7", "l")  # All, then the next tab: the saved view
        assert app.inbox.view.name == "VIP"
        query = emulator.stats.queries(LIST_ROUTE)[-1]
        assert (query["search_query"], query["search_type"]) == ("vip", "segment")
        assert query["filter_not_resolved"] == "1" and query["order_date_updated"] == "1"
        shown = list(app.main.inbox_list.session_ids)
        assert shown and shown == open_vip(emulator.world)[: len(shown)]
        assert f"VIP {len(open_vip(emulator.world))} " in str(app.query_one(ViewBar).render())

        await press(pilot, "l")  # the Crisp inbox "Sales"
        sales = emulator.world.inboxes[0]
        assert app.inbox.view.name == sales["name"]
        query = emulator.stats.queries(LIST_ROUTE)[-1]
        assert (query["filter_inbox_id"], query["filter_not_resolved"]) == (sales["inbox_id"], "1")
        rows = [emulator.world.conversations[sid] for sid in app.main.inbox_list.session_ids]
        assert rows and all(c["inbox_id"] == sales["inbox_id"] for c in rows)
        assert all(c["state"] != "resolved" for c in rows)

        await press(pilot, "h", "h")  # back past the saved view to All
        assert app.inbox.view.name == "all"
        await press(pilot, "ctrl+p")
        await pilot.press(*"View: Support")
        await settle(pilot)
        await press(pilot, "enter")  # every view is in the palette by name
        assert app.inbox.view.name == "Support"
