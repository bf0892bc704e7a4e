"""Pilot tests of each agent flow, on the in-process emulator."""

from __future__ import annotations

from textual.widgets import Static

from crisp_tui.config import error_log_path
from crisp_tui.crisp.models import Message
from crisp_tui.emulator import DEMO_TOKEN_KEY, Emulator
from crisp_tui.inbox.outbox import SETTLE_MS
from crisp_tui.tui.message_window import PAGE_MESSAGES
from crisp_tui.tui.screens.confirm_send import ConfirmSendScreen
from crisp_tui.tui.screens.help import HelpScreen
from crisp_tui.tui.screens.operator_picker import OperatorPicker
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog
from crisp_tui.tui.widgets.view_bar import ViewBar
from tests.support.emulator import visitor_writes

from .conftest import SIZE
from .pilot import notices, press, settle, use_editor


def world_row(emulator: Emulator, session_id: str) -> dict:
    return emulator.world.conversations[session_id]


async def test_starts_on_the_list_with_rows_and_status(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, InboxList)
        assert app.inbox.rows
        assert app.query_one(InboxList).option_count == len(app.inbox.rows)
        assert app.inbox.status.online
        assert app.sub_title == "Acme Support (demo)"


async def test_highlight_never_marks_read_but_opening_does(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        unread = next(row for row in app.inbox.rows[1:] if row.unread_operator)
        while inbox_list.highlighted_id != unread.session_id:
            await press(pilot, "j")
        assert world_row(emulator, unread.session_id)["unread"]["operator"] > 0
        await press(pilot, "enter")
        assert world_row(emulator, unread.session_id)["unread"]["operator"] == 0
        assert isinstance(app.focused, MessageLog)
        assert app.query_one(MessageLog).messages
        await press(pilot, "escape")
        assert isinstance(app.focused, InboxList)


async def test_mark_read_off_keeps_unread(make_app, emulator):
    app = make_app(mark_read_on_open=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        unread = next(row for row in app.inbox.rows if row.unread_operator)
        app.query_one(InboxList).select_id(unread.session_id)
        await press(pilot, "enter")
        assert world_row(emulator, unread.session_id)["unread"]["operator"] > 0
        await press(pilot, "m")
        assert world_row(emulator, unread.session_id)["unread"]["operator"] == 0
        await press(pilot, "M")
        assert world_row(emulator, unread.session_id)["unread"]["operator"] > 0
        assert app.inbox.conversation(unread.session_id).unread_operator > 0


async def test_older_history_pages_in(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "7")
        await press(pilot, "slash", *"Olivia", "enter")
        await press(pilot, "enter")
        log = app.query_one(MessageLog)
        first = len(log.messages)
        assert log.has_older
        await press(pilot, "ctrl+u")
        assert len(log.messages) > first


async def test_long_cached_history_opens_one_page_and_pages_in_from_the_store(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.query_one(InboxList).highlighted_id
        app.inbox.store.upsert_messages(
            session_id,
            [
                Message.parse(
                    {
                        "session_id": session_id,
                        "type": "text",
                        "from": "user",
                        "origin": "chat",
                        "content": f"cached {index}",
                        "fingerprint": 10_000 + index,
                        "timestamp": 1_000_000 + index * 1000,  # older than Crisp's
                    }
                )
                for index in range(PAGE_MESSAGES * 3)
            ],
        )
        await press(pilot, "enter")
        log = app.query_one(MessageLog)
        shown = len(log.messages)
        assert PAGE_MESSAGES <= shown < PAGE_MESSAGES * 2
        assert log.has_older
        requests = app.inbox.client.usage.count
        await press(pilot, "ctrl+u")
        assert len(log.messages) == shown + PAGE_MESSAGES
        assert app.inbox.client.usage.count == requests  # the store had them: no API call


async def reply_draft(pilot, text: str, key: str = "r") -> None:
    await press(pilot, "enter", key)
    assert isinstance(pilot.app.focused, Composer)
    await pilot.press(*text)
    await press(pilot, "ctrl+j")


async def test_reply_goes_through_confirmation_exactly_once(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.query_one(InboxList).highlighted_id
        await reply_draft(pilot, "Hello there")
        assert isinstance(app.screen, ConfirmSendScreen)
        assert app.screen.request.text == "Hello there"
        assert not app.screen.request.is_note
        confirm = app.screen
        confirm.action_confirm()
        confirm.action_confirm()  # a double press must not send twice
        await settle(pilot)
        posted = [p for p in emulator.stats.posted if p["session_id"] == session_id]
        assert [(p["type"], p["from"], p["content"]) for p in posted] == [
            ("text", "operator", "Hello there")
        ]
        assert app.query_one(Composer).text == ""
        assert app.inbox.draft(session_id, "reply") == ""
        assert any(m.content == "Hello there" for m in app.query_one(MessageLog).messages)


async def test_cancel_keeps_the_draft_across_conversations(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await reply_draft(pilot, "Draft text")
        await press(pilot, "escape")
        composer = app.query_one(Composer)
        assert not isinstance(app.screen, ConfirmSendScreen)
        assert composer.text == "Draft text"
        assert app.focused is composer
        assert emulator.stats.posted == []
        await press(pilot, "escape", "escape", "j", "enter")
        assert composer.text == ""
        await press(pilot, "escape", "k", "enter")
        assert composer.text == "Draft text"


async def test_empty_draft_is_not_sendable(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await reply_draft(pilot, "   ")
        assert not isinstance(app.screen, ConfirmSendScreen)
        assert any("empty" in text for text in notices(app))
        assert emulator.stats.posted == []


async def test_private_note(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await reply_draft(pilot, "Internal", key="N")
        assert app.query_one(Composer).has_class("-note")
        assert app.screen.request.is_note
        await press(pilot, "y")
        assert [(p["type"], p["content"]) for p in emulator.stats.posted] == [("note", "Internal")]


async def test_state_changes_act_and_advance(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        inbox_list = app.query_one(InboxList)
        first, second, third = inbox_list.session_ids[:3]
        await press(pilot, "e")
        assert world_row(emulator, first)["state"] == "resolved"
        assert inbox_list.highlighted_id == second
        await press(pilot, "p")
        assert world_row(emulator, second)["state"] == "pending"
        assert inbox_list.highlighted_id == third
        await press(pilot, "R")
        assert world_row(emulator, third)["state"] == "unresolved"
        assert inbox_list.highlighted_id == third


async def test_resolve_while_reading_opens_the_next(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, second = app.query_one(InboxList).session_ids[:2]
        await press(pilot, "enter", "e")
        assert world_row(emulator, first)["state"] == "resolved"
        assert app.main.open_id == second
        assert isinstance(app.focused, MessageLog)


async def test_assign_me_picker_and_unassign(make_app, emulator, me):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, second = app.query_one(InboxList).session_ids[:2]
        await press(pilot, "a")
        assert world_row(emulator, first)["assigned"]["user_id"] == me
        assert app.query_one(InboxList).highlighted_id == second
        await press(pilot, "A")
        assert isinstance(app.screen, OperatorPicker)
        other = emulator.world.operators[1]["details"]["user_id"]
        await press(pilot, "down", "enter")
        assert world_row(emulator, second)["assigned"]["user_id"] == other
        await press(pilot, "U")
        assert not (world_row(emulator, second).get("assigned") or {}).get("user_id")


async def test_filters_and_search(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = ["open", "unread", "mine", "unassigned", "mentions", "resolved", "all"]
        for number, name in enumerate(names, 1):
            await press(pilot, str(number))
            assert app.inbox.view.name == name
            assert app.query_one(ViewBar).active == name
            assert app.query_one(InboxList).option_count == len(app.inbox.rows)
        assert {row.state for row in app.inbox.rows} >= {"resolved", "unresolved"}
        await press(pilot, "slash", *"Olivia", "enter")
        assert app.inbox.view.query == "Olivia"
        assert app.query_one(ViewBar).query == "Olivia"
        assert app.inbox.rows
        assert all("Olivia" in row.display_name for row in app.inbox.rows)
        assert isinstance(app.focused, InboxList)
        chosen = app.query_one(InboxList).highlighted_id
        await press(pilot, "escape")
        assert app.inbox.view.query == ""
        assert app.query_one(InboxList).highlighted_id == chosen


async def test_new_visitor_message_by_polling(make_app, emulator, monkeypatch):
    app = make_app()
    bells = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(notices(app))
        emulator.advance(seconds=120)
        await app.inbox.reconcile()
        await settle(pilot)
        assert bells
        assert len(notices(app)) > before


async def test_copy_email_and_visitor_panel(make_app):
    app = make_app()
    copied = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.copy_to_clipboard = copied.append
        row = next(r for r in app.inbox.rows if r.meta.email)
        app.query_one(InboxList).select_id(row.session_id)
        await press(pilot, "y")
        assert copied == [row.meta.email]
        await press(pilot, "v")
        assert app.main.pane.visitor_shown


async def test_help_lists_every_binding(make_app):
    from crisp_tui.tui.bindings import COMMANDS

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert all(command.help in text for command in COMMANDS)
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_command_palette_offers_every_action(make_app, emulator):
    from crisp_tui.tui.commands import CrispCommands

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = CrispCommands(app.main)
        titles = [str(hit.text) async for hit in provider.discover()]
        assert "Resolve" in titles
        assert "View: Resolved" in titles
        hits = [hit async for hit in provider.search("resolve then")]
        first = app.query_one(InboxList).highlighted_id
        hits[0].command()
        await settle(pilot)
        assert world_row(emulator, first)["state"] == "resolved"


async def test_send_failure_keeps_the_draft(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        emulator.set_faults(match="^POST", script=["400"])
        await reply_draft(pilot, "Will fail")
        await press(pilot, "y")
        assert any("Not sent" in text for text in notices(app)), notices(app)
        assert app.query_one(Composer).text == "Will fail"
        assert emulator.stats.posted == []
        # The notice is one sentence; Crisp's whole validator output is in the error log.
        assert not any("anyOf" in text for text in notices(app))
        log = error_log_path().read_text(encoding="utf-8")
        assert "400 invalid_data" in log and "data should match some schema in anyOf" in log
        assert DEMO_TOKEN_KEY not in log


async def test_switch_kind_keeps_each_draft(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.query(Composer)  # mounted when a conversation first opens
        await press(pilot, "enter", "N", *"to team", "escape", "r")
        composer = app.query_one(Composer)
        assert (composer.kind, composer.text) == ("reply", "")
        await press(pilot, *"to visitor", "escape", "N")
        assert (composer.kind, composer.text) == ("note", "to team")


async def test_open_link_shows_the_url_first(make_app, emulator, monkeypatch):
    from crisp_tui.tui.screens.link_picker import LinkPicker

    opened: list[str] = []
    monkeypatch.setenv("DISPLAY", ":0")  # a desktop: a window browser opens it
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with_file = next(
            session_id
            for session_id, messages in emulator.world.messages.items()
            if any(message["type"] == "file" for message in messages[-20:])
        )
        app.main.open_conversation(with_file)
        await settle(pilot)
        await press(pilot, "o")
        assert isinstance(app.screen, LinkPicker)
        url = app.screen.urls[0]
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        assert opened == [url]


async def test_editor_round_trip(make_app, monkeypatch, tmp_path):
    app = make_app()
    use_editor(app, monkeypatch, tmp_path, 'printf "from the editor\\n" >> "$1"')
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "r", *"hi ", "f2")
        assert app.query_one(Composer).text == "hi \nfrom the editor"  # a line of its own


async def test_scrolling_to_the_end_loads_the_next_page(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first_page = len(app.inbox.rows)
        assert app.inbox.has_more_pages
        await press(pilot, "G")
        assert len(app.inbox.rows) > first_page
        assert app.query_one(InboxList).option_count == len(app.inbox.rows)


async def test_a_modal_pauses_polling(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert app.inbox.polling_paused
        await press(pilot, "escape")
        assert not app.inbox.polling_paused


async def test_a_queued_reply_can_be_cancelled_back_into_the_composer(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        emulator.set_faults(match="^POST", script=["drop", "drop", "drop"])
        await reply_draft(pilot, "Second thoughts")
        await press(pilot, "y")
        session_id = app.main.open_id
        assert [item.status for item in app.inbox.pending_sends(session_id)] == ["queued"]
        assert app.query_one(Composer).text == ""
        await press(pilot, "escape", "x")
        assert app.inbox.pending_sends(session_id) == []
        assert app.query_one(Composer).text == "Second thoughts"
        emulator.reset_faults()
        await app.inbox.reconcile()
        assert emulator.stats.posted == []


async def test_keymap_rebinds_and_help_shows_the_new_keys(make_app, emulator):
    from crisp_tui.tui.screens.help import help_content

    app = make_app(keymap={"resolve": "E"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.query_one(InboxList).session_ids[0]
        await press(pilot, "e")
        assert world_row(emulator, first)["state"] != "resolved"
        await press(pilot, "E")
        assert world_row(emulator, first)["state"] == "resolved"
    shown = help_content({"resolve": "E"}).plain
    assert any(line.startswith("E ") and "Resolve" in line for line in shown.splitlines())


async def test_restart_reopens_the_last_conversation_from_the_cache_without_marking_read(
    make_app, emulator
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "enter")
        session_id = app.main.open_id
    visitor_writes(
        emulator,
        session_id,
        "written while the app was closed",
        fingerprint=2**41 + 3,
        after_ms=5_000,
    )
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.main.open_id == session_id
        assert isinstance(again.focused, InboxList)
        assert any(
            m.content == "written while the app was closed"
            for m in again.query_one(MessageLog).messages
        )
        assert emulator.world.conversations[session_id]["unread"]["operator"] >= 1


async def test_the_header_shows_the_origin_of_the_open_conversation(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, second = app.main.inbox_list.session_ids[:2]
        for session_id, origin in ((first, "email"), (second, "chat")):
            emulator.world.messages[session_id][-1]["origin"] = origin

        def header() -> str:
            return str(app.main.pane.query_one("#conversation-header", Static).render())

        for session_id in (second, first):
            app.main.open_conversation(session_id)
            await settle(pilot)
        app.main.open_conversation(second)  # painted at once from the cache, network pending
        assert "via chat" in header()
        await settle(pilot)
        assert "via chat" in header()
        app.main.open_conversation(first)
        assert "via email" in header()


async def test_the_palette_shows_keys_as_the_keymap_rebinds_them(make_app):
    from crisp_tui.tui.commands import CrispCommands

    app = make_app(keymap={"resolve": "ctrl+e"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = {str(hit.text): hit.help async for hit in CrispCommands(app.main).discover()}
        assert hits["Resolve"].startswith("ctrl+e · ")


async def test_a_reply_of_unknown_outcome_shows_the_facts_and_r_sends_it_once(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        emulator.set_faults(match="^POST", script=["drop"])  # lost: the answer never came
        await reply_draft(pilot, "Did it arrive?")
        await press(pilot, "y")
        session_id = app.main.open_id
        assert any("checks whether it arrived" in text for text in notices(app))
        await app.inbox.reconcile()
        assert [i.status for i in app.inbox.pending_sends(session_id)] == ["queued"]  # settling
        emulator.advance(ms=SETTLE_MS)
        await app.inbox.reconcile()
        await settle(pilot)
        line = str(app.query_one("#outbox", Static).render())
        assert "outcome unknown reply: Did it arrive?" in line and "S sends it again" in line
        assert emulator.stats.posted == []
        await press(pilot, "escape", "S")
        assert app.inbox.pending_sends(session_id) == []
        assert [post["content"] for post in emulator.stats.posted] == ["Did it arrive?"]
