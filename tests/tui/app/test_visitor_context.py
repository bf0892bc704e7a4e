"""The visitor's context in the panel (issue #16 item 6): previous conversations and pages
browsed, fetched only once the panel is open and once per conversation; segments edited with a
preview of what is saved; a previous conversation opened from the panel's list."""

from __future__ import annotations

from collections import Counter

from textual.content import Content
from textual.widgets import Input, Static

from crisp_tui.emulator import Emulator
from crisp_tui.tui.screens.history_picker import HistoryPicker
from crisp_tui.tui.screens.segments_editor import SegmentsEditor, parsed_segments
from crisp_tui.tui.widgets.visitor_panel import VisitorPanel

from .conftest import SIZE
from .pilot import notices, press, settle


def returning_visitor(emulator: Emulator) -> tuple[str, list[str]]:
    """An open conversation whose contact had others: its id and theirs."""
    world = emulator.world
    counts = Counter(c.get("people_id") for c in world.conversations.values() if c.get("people_id"))
    for conversation in world.conversations.values():
        people = conversation.get("people_id")
        if conversation.get("state") != "resolved" and people and counts[people] > 1:
            others = [
                c["session_id"]
                for c in world.conversations.values()
                if c.get("people_id") == people and c is not conversation
            ]
            return conversation["session_id"], others
    raise AssertionError("the seeded world has no returning visitor")


def context_requests(emulator: Emulator) -> dict[str, int]:
    requests = emulator.stats.to_dict()["requests"]
    return {route: n for route, n in requests.items() if "/pages/" in route or "/people/" in route}


def panel_text(app) -> str:
    return str(app.query_one(VisitorPanel).query_one(Static).render())


async def test_the_visitor_panel_shows_history_fetched_once_and_only_while_open(make_app, emulator):
    session_id, earlier = returning_visitor(emulator)
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.main.open_conversation(session_id)
        await settle(pilot)
        assert context_requests(emulator) == {}  # the panel is closed: nothing spent

        await press(pilot, "v")
        text = panel_text(app)
        assert "Other conversations" in text and "Pages browsed" in text
        assert all(f" ago {other[:16]}\n" in f"{text}\n" for other in earlier)  # and when
        assert sum(context_requests(emulator).values()) == 2

        # Closed and opened again, or the conversation shown again: no new request.
        await press(pilot, "v", "v")
        app.main.open_conversation(session_id)
        await settle(pilot)
        assert sum(context_requests(emulator).values()) == 2

        # H lists them; enter opens the first (newest) one.
        await press(pilot, "H")
        assert isinstance(app.screen, HistoryPicker)
        await press(pilot, "enter")
        assert app.main.open_id in earlier


async def test_segments_are_edited_with_a_preview_and_saved_on_crisp(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        session_id = app.main.open_id
        assert session_id
        await press(pilot, "number_sign")
        editor = app.screen
        assert isinstance(editor, SegmentsEditor)
        field = editor.query_one(Input)
        field.value = "vip, billing ,, vip, [b]x[/b]"
        await settle(pilot)
        preview = str(editor.query_one("#segments-preview", Static).render())
        assert preview == "Saves: vip · billing · [b]x[/b]"
        await press(pilot, "enter")
        assert emulator.world.conversations[session_id]["meta"]["segments"] == [
            "vip",
            "billing",
            "[b]x[/b]",
        ]
        assert app.inbox.conversation(session_id).meta.segments == ("vip", "billing", "[b]x[/b]")
        assert any(text.startswith("Segments of ") for text in notices(app))

        # Escape changes nothing.
        await press(pilot, "number_sign")
        app.screen.query_one(Input).value = "gone"
        await press(pilot, "escape")
        assert emulator.world.conversations[session_id]["meta"]["segments"][0] == "vip"


def test_segments_are_trimmed_cleaned_and_each_kept_once():
    assert parsed_segments(" vip,billing,,vip , \x1b[31mred\x1b[0m") == ["vip", "billing", "red"]
    assert parsed_segments(" , ") == []


async def test_without_a_people_id_the_history_is_a_search_by_email(make_app, emulator):
    base = dict(next(iter(emulator.world.conversations.values())))
    email = "only.by.email@example.com"
    meta = {**base["meta"], "email": email, "nickname": "Email Only"}
    said = [{**emulator.world.messages[base["session_id"]][0], "content": "An earlier question"}]
    earlier = emulator.add_conversation(
        {**base, "session_id": "session_email_earlier", "people_id": "", "meta": meta}, said
    )
    now = emulator.add_conversation(
        {
            **base,
            "session_id": "session_email_now",
            "people_id": "",
            "meta": meta,
            "updated_at": base["updated_at"] + 1,
        },
        said,
    )
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.main.open_conversation(now)
        await press(pilot, "v")
        assert f" {earlier[:16]}" in panel_text(app)
        searched = emulator.stats.to_dict()["query_params"]
        assert any("search_query" in str(key) for key in searched)
        assert not any("/people/" in route for route in context_requests(emulator))


async def test_dialog_titles_show_a_hostile_name_as_written(make_app):
    name = "[b]Eve[/b] [@click=app.quit]x[/] [/z]"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen, shown in (
            (SegmentsEditor(name, ["vip"]), f"Segments of {name}"),
            (HistoryPicker(name, []), f"Conversations of {name}"),
        ):
            app.push_screen(screen)
            await settle(pilot)
            title = app.screen.query_one("#picker-dialog").border_title  # read back as markup
            assert title is not None and Content.from_markup(title).plain == shown
            app.pop_screen()
        assert app.is_running
