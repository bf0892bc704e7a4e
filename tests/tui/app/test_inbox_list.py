"""The inbox list on plain models: incremental repaint, kept selection, act-and-advance order."""

from __future__ import annotations

import asyncio
import dataclasses

from textual.app import App, ComposeResult

from crisp_tui.crisp.models import Conversation, Message, Operator, PreviewMessage
from crisp_tui.tui.render.row import row_content
from crisp_tui.tui.widgets import inbox_list as inbox_list_module
from crisp_tui.tui.widgets.inbox_list import InboxList, RowVisual

NOW = 1_750_000_000


def conversation(index: int, **changes: object) -> Conversation:
    row = Conversation.parse(
        {
            "session_id": f"session_{index}",
            "state": "unresolved",
            "meta": {"nickname": f"Visitor {index}"},
            "preview_message": {"excerpt": f"message {index}"},
            "updated_at": (NOW - index * 60) * 1000,
        }
    )
    return dataclasses.replace(row, **changes)


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield InboxList(clock=lambda: NOW)


async def test_a_changed_row_repaints_alone_and_keeps_the_cursor():
    rows = [conversation(i) for i in range(1000)]
    app = ListApp()
    async with app.run_test() as pilot:
        inbox_list = app.query_one(InboxList)
        inbox_list.show_rows(rows)
        inbox_list.select_id("session_5")
        await pilot.pause()
        untouched = inbox_list.get_option_at_index(6)
        rows[7] = dataclasses.replace(rows[7], unread_operator=4)
        inbox_list.show_rows(rows, {"session_7"})
        assert inbox_list.get_option_at_index(6) is untouched
        assert " 4 " in str(inbox_list.get_option_at_index(7).prompt)
        assert inbox_list.highlighted_id == "session_5"


async def test_reorder_keeps_the_highlighted_conversation():
    rows = [conversation(i) for i in range(50)]
    app = ListApp()
    async with app.run_test() as pilot:
        inbox_list = app.query_one(InboxList)
        inbox_list.show_rows(rows)
        inbox_list.select_id("session_3")
        inbox_list.show_rows([rows[10], *rows[:10], *rows[11:]], {"session_10"})
        await pilot.pause()
        assert inbox_list.highlighted_id == "session_3"
        assert inbox_list.session_ids[0] == "session_10"


async def test_neighbour_is_the_next_row_and_none_past_either_end():
    app = ListApp()
    async with app.run_test():
        inbox_list = app.query_one(InboxList)
        inbox_list.show_rows([conversation(i) for i in range(3)])
        assert inbox_list.neighbour("session_0") == "session_1"
        assert inbox_list.neighbour("session_2") is None
        assert inbox_list.neighbour("session_2", -1) == "session_1"
        assert inbox_list.neighbour("session_0", -1) is None
        assert inbox_list.neighbour("missing") is None


async def test_rows_show_waiting_assignee_and_mention():
    row = conversation(
        1,
        waiting_since=(NOW - 180) * 1000,
        mentions=("me",),
        assigned_user_id="me",
        unread_operator=2,
    )
    app = ListApp()
    async with app.run_test():
        inbox_list = app.query_one(InboxList)
        inbox_list.set_context("me", [])
        inbox_list.show_rows([row])
        text = str(inbox_list.get_option_at_index(0).prompt)
        assert "Visitor 1" in text
        assert "⏱" not in text  # a missing-glyph box in many monospace fonts
        assert "→ you" in text
        assert "@" in text
        assert " 2 " in text


def operator_message(session_id: str, fingerprint: int, user_id: str) -> Message:
    return Message.parse(
        {
            "session_id": session_id,
            "type": "text",
            "from": "operator",
            "content": "…",
            "fingerprint": fingerprint,
            "user": {"user_id": user_id},
        }
    )


async def test_one_clock_per_column_and_who_wrote_last():
    """Every row shows the time since its last message, waiting or not (never a second clock),
    and who of our side wrote it: "You" for me, a colleague's first name (even in a conversation
    assigned to me), "Team" when that message is not cached, nothing for the visitor."""
    waiting = conversation(1, waiting_since=(NOW - 5 * 86400) * 1000)
    replied, by_colleague, unknown = (
        conversation(index, preview_message=PreviewMessage("text", "operator", text, index))
        for index, text in ((2, "Fixed it"), (3, "On it"), (4, "Hello"))
    )
    cached = {
        "session_2": operator_message("session_2", 2, "me"),
        "session_3": operator_message("session_3", 3, "op_jane"),
    }
    asked: list[list[str]] = []

    def lookup(rows):
        asked.append([row.session_id for row in rows])
        return {row.session_id: cached[row.session_id] for row in rows if row.session_id in cached}

    jane = Operator.parse({"details": {"user_id": "op_jane", "first_name": "Jane"}})
    app = ListApp()
    async with app.run_test():
        inbox_list = app.query_one(InboxList)
        inbox_list.set_context("me", [jane])
        inbox_list.set_message_lookup(lookup)
        rows = [conversation(0), waiting, replied, by_colleague, unknown]
        inbox_list.show_rows([dataclasses.replace(row, assigned_user_id="me") for row in rows])
        lines = [str(inbox_list.get_option_at_index(i).prompt).splitlines()[1] for i in range(5)]
        assert [line.split()[0] for line in lines] == ["now", "1m", "2m", "3m", "4m"]
        assert "You: Fixed it" in lines[2]
        assert "Jane: On it" in lines[3]
        assert "Team: Hello" in lines[4]
        assert ":" not in lines[1]
        assert len(asked) == 1  # one look-up for the whole list


async def repainted(app: App[None]) -> None:
    """Until two frames are out (the first can bring a scrollbar, which narrows the rows)."""
    for _ in range(2):
        done = asyncio.Event()
        app.screen.call_after_refresh(done.set)
        await done.wait()


def count_row_paints(monkeypatch) -> list[str]:
    painted: list[str] = []
    paint = RowVisual.render_strips

    def counting(self, width, height, style, options):
        painted.append(self.conversation.session_id)
        return paint(self, width, height, style, options)

    monkeypatch.setattr(RowVisual, "render_strips", counting)
    return painted


async def test_showing_the_same_rows_again_paints_nothing(monkeypatch):
    rows = [conversation(i) for i in range(50)]
    painted = count_row_paints(monkeypatch)
    app = ListApp()
    async with app.run_test():
        inbox_list = app.query_one(InboxList)
        inbox_list.show_rows(rows)
        await repainted(app)
        assert "session_2" in painted
        painted.clear()
        inbox_list.show_rows(list(rows))  # a full refresh that changed nothing
        rows[2] = dataclasses.replace(rows[2], unread_operator=3)
        inbox_list.show_rows(rows)  # ...and one that changed one row
        await repainted(app)
        assert " 3 " in str(inbox_list.get_option_at_index(2).prompt)
        assert painted.count("session_2") == 1


async def test_one_changed_row_is_rendered_alone_until_the_theme_changes(monkeypatch):
    """A live message changes one row; OptionList forgets every painted row then, but the rows
    keep their strips, so only the changed one is rendered again (a theme change: all)."""
    rows = [conversation(i) for i in range(50)]
    built: list[str] = []

    def counting(row, facts):
        built.append(row.session_id)
        return row_content(row, facts)

    monkeypatch.setattr(inbox_list_module, "row_content", counting)
    app = ListApp()
    async with app.run_test():
        inbox_list = app.query_one(InboxList)
        inbox_list.show_rows(rows)
        await repainted(app)
        built.clear()
        rows[2] = dataclasses.replace(rows[2], unread_operator=3)
        inbox_list.show_rows(rows, {"session_2"})
        await repainted(app)
        assert built == ["session_2"]
        built.clear()
        app.theme = "textual-light"
        await repainted(app)
        assert {"session_0", "session_2", "session_9"} <= set(built)


async def test_a_resize_that_keeps_the_width_keeps_the_painted_rows(monkeypatch):
    rows = [conversation(i) for i in range(50)]
    painted = count_row_paints(monkeypatch)
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(InboxList).show_rows(rows)
        await repainted(app)
        assert "session_0" in painted
        painted.clear()
        await pilot.resize_terminal(80, 30)  # taller: more rows show, none is painted again
        await repainted(app)
        assert painted and "session_0" not in painted
        painted.clear()
        await pilot.resize_terminal(60, 30)  # narrower: every row on screen is painted again
        await repainted(app)
        assert "session_0" in painted
        inbox_list = app.query_one(InboxList)
        assert inbox_list.render_line(0).cell_length == inbox_list.scrollable_content_region.width


async def test_one_changed_row_paints_only_its_own_lines(monkeypatch):
    """A live update repaints the two lines of its row, not the screenful around it."""
    rows = [conversation(i) for i in range(50)]
    lines: list[int] = []
    render_line = InboxList.render_line

    def counting(self, y):
        lines.append(y)
        return render_line(self, y)

    monkeypatch.setattr(InboxList, "render_line", counting)
    app = ListApp()
    async with app.run_test(size=(80, 24)):
        inbox_list = app.query_one(InboxList)
        inbox_list.show_rows(rows)
        await repainted(app)
        assert len(lines) >= 20
        lines.clear()
        rows[3] = dataclasses.replace(rows[3], unread_operator=3)
        inbox_list.show_rows(rows, {"session_3"})
        await repainted(app)
        assert sorted(lines) == [6, 7]
        assert " 3 " in inbox_list.render_line(6).text + inbox_list.render_line(7).text
