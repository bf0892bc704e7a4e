"""Pilot: inside the open conversation — find (marks, n/N, the count, escape), the message cursor,
copy, pipe to a real `sh -c`, `$PAGER`, and editing and deleting the agent's own messages with
the same confirmation discipline as a send; a colleague's edit arriving live shows `edited`."""

from __future__ import annotations

import contextlib

from starlette.applications import Starlette
from textual.widgets import TextArea

from crisp_tui.crisp.models import Message
from crisp_tui.emulator import DEMO_WEBSITE_ID, Emulator
from crisp_tui.tui.app import CrispApp
from crisp_tui.tui.screens.confirm_change import ConfirmDeleteScreen, ConfirmEditScreen
from crisp_tui.tui.screens.edit_message import EditMessageScreen
from crisp_tui.tui.screens.picker import PickerScreen
from crisp_tui.tui.widgets.find_bar import FindBar
from crisp_tui.tui.widgets.message_log import MessageLog
from tests.support.emulator import rest_client, visitor_writes
from tests.support.rtm import until

from .conftest import SIZE
from .pilot import notices, press, settle, shown_lines, use_editor
from .test_live import live_app

WORDS = ("I want a refund please", "no news about my refund?", "REFUND now", "thanks")


def _reply(emulator: Emulator, session: str, text: str, fingerprint: int, **extra: object) -> None:
    """An operator message in `session`, sent with this token unless `extra` says otherwise."""
    emulator.world.append(
        session,
        {
            "session_id": session,
            "type": "text",
            "from": "operator",
            "origin": "chat",
            "content": text,
            "fingerprint": fingerprint,
            "timestamp": emulator.clock.now_ms() + fingerprint % 100 * 1000,
            "user": {"nickname": "Support"},
            **extra,
        },
    )


def _reversed_text(log: MessageLog) -> list[str]:
    """The text shown in reverse video (what the search marks)."""
    return [
        segment.text
        for y in range(log.scrollable_content_region.height)
        for segment in log.render_line(y)
        if segment.style is not None and segment.style.reverse
    ]


async def _open(app: CrispApp, pilot, session: str) -> MessageLog:
    await settle(pilot)
    app.main.open_conversation(session)
    await settle(pilot)
    return app.query_one(MessageLog)


async def test_find_marks_matches_and_n_and_shift_n_move_between_them(make_app, emulator):
    session = sorted(emulator.world.conversations)[5]
    for n, text in enumerate(WORDS):
        visitor_writes(emulator, session, text, fingerprint=9 * 10**15 + n, after_ms=1000 * (n + 1))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = await _open(app, pilot, session)
        await press(pilot, "f", *"refund")
        bar = app.query_one(FindBar)
        assert str(bar.query_one("#find-count").render()) == "3/3"
        assert log.selected_message is not None
        assert log.selected_message.content == "REFUND now"  # the newest match first
        assert [text.lower() for text in _reversed_text(log)].count("refund") >= 3

        await press(pilot, "enter")  # back in the messages: n/N move, the marks stay
        assert app.focused is log
        await press(pilot, "N")
        assert str(bar.query_one("#find-count").render()) == "2/3"
        assert log.selected_message.content == "no news about my refund?"
        await press(pilot, "n", "n")  # wraps around
        assert str(bar.query_one("#find-count").render()) == "1/3"

        await press(pilot, "escape")  # ends the search, not the conversation
        assert not bar.has_class("-shown") and not log.finding
        assert app.focused is log
        assert not [text for text in _reversed_text(log) if "refund" in text.lower()]
        await press(pilot, "f", "backspace", "backspace", *"zz")
        assert str(bar.query_one("#find-count").render()) == "no match"

        await press(pilot, "enter", "J")  # another conversation: the find stays behind
        assert app.main.open_id != session
        assert not bar.has_class("-shown") and not log.finding


async def test_editing_the_found_message_keeps_the_search_where_it_was(make_app, emulator):
    session = sorted(emulator.world.conversations)[4]
    for n in range(3):
        _reply(emulator, session, f"refund {n} on its way", 8_000_000_010 + n)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = await _open(app, pilot, session)
        await press(pilot, "f", *"refund", "enter", "N", "N")
        count = app.query_one(FindBar).query_one("#find-count")
        assert str(count.render()) == "1/3"
        await press(pilot, "c", "end", *" today", "ctrl+j", "y")
        assert emulator.world.find_message(session, 8_000_000_010)["content"].endswith("today")
        assert str(count.render()) == "1/3"  # the edit did not send the search to the newest
        assert log.selected_message.fingerprint == 8_000_000_010
        await press(pilot, "n")
        assert str(count.render()) == "2/3"
        assert log.selected_message.fingerprint == 8_000_000_011


async def test_find_searches_older_history_already_cached(make_app, emulator):
    session = sorted(emulator.world.conversations)[9]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        oldest = min(m["timestamp"] for m in emulator.world.messages[session])
        older = [  # loaded earlier (ctrl+u), more than the log shows at first
            Message.parse(
                {
                    "session_id": session,
                    "type": "text",
                    "from": "user",
                    "content": text,
                    "fingerprint": 5_000 + n,
                    "timestamp": oldest - 10_000_000 + n * 1000,
                }
            )
            for n, text in enumerate(["a long lost parcel", *["filler"] * 249])
        ]
        app.inbox.store.upsert_messages(session, older)
        log = await _open(app, pilot, session)
        assert 5_000 not in {m.fingerprint for m in log.messages}  # beyond the first page
        await press(pilot, "f", *"parcel")
        assert str(app.query_one(FindBar).query_one("#find-count").render()) == "1/1"
        assert log.selected_message is not None and log.selected_message.fingerprint == 5_000


async def test_copy_pipe_and_pager(make_app, emulator, monkeypatch, tmp_path):
    session = sorted(emulator.world.conversations)[6]
    visitor_writes(emulator, session, "See https://shop.example/order/42 please", fingerprint=77)
    monkeypatch.setenv("CRISP_TOKEN_KEY", "sentinel-key")
    monkeypatch.setenv("PAGER", f"cat > {tmp_path}/pager.txt")
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)  # a test terminal cannot be
    async with app.run_test(size=SIZE) as pilot:
        log = await _open(app, pilot, session)
        await press(pilot, "k")  # the cursor on the newest message
        assert log.selected_message is not None and log.selected_message.fingerprint == 77

        await press(pilot, "Y")
        assert isinstance(app.screen, PickerScreen)
        await press(pilot, "enter")
        assert app.clipboard == "See https://shop.example/order/42 please"
        assert "sent to the terminal clipboard (OSC 52)" in notices(app)[-1]
        await press(pilot, "Y", "j", "enter")  # the link
        assert app.clipboard == "https://shop.example/order/42"
        await press(pilot, "Y", "G", "enter")
        assert app.clipboard == session and session in notices(app)[-1]

        out = tmp_path / "piped.txt"
        monkeypatch.chdir(tmp_path)  # the command runs here: short paths, fewer keys to type
        await press(pilot, "vertical_line", *"cat > piped.txt; env > env.txt", "enter")
        assert out.read_text() == "See https://shop.example/order/42 please"
        assert "sentinel-key" not in (tmp_path / "env.txt").read_text()
        assert "Piped the message to" in notices(app)[-1]

        await press(pilot, "V")
        paged = (tmp_path / "pager.txt").read_text()
        assert "See https://shop.example/order/42 please" in paged
        assert paged.count("\n\n") >= len(log.messages) - 1  # every message, one block each


async def test_edit_and_delete_own_messages_after_confirming(
    make_app, emulator, monkeypatch, tmp_path
):
    session = sorted(emulator.world.conversations)[7]
    _reply(emulator, session, "Teh fix is live", 8_000_000_001)
    app = make_app()
    use_editor(app, monkeypatch, tmp_path, 'sed -i "s/Teh/The/" "$1"')  # fixes the typo in place
    async with app.run_test(size=SIZE) as pilot:
        log = await _open(app, pilot, session)
        emulator.stats.reset()
        await press(pilot, "c")  # no cursor: the agent's newest text
        assert isinstance(app.screen, EditMessageScreen)
        assert app.screen.query_one(TextArea).text == "Teh fix is live"
        await press(pilot, "f2")
        assert app.screen.query_one(TextArea).text == "The fix is live"
        monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
        await press(pilot, "f2")  # said at once, in the dialog: not held until it closes
        assert notices(app)[-1].startswith("Could not run the editor")
        await press(pilot, "ctrl+j")
        assert isinstance(app.screen, ConfirmEditScreen)
        assert "The fix is live" in str(app.screen.query_one("#confirm-text").render())
        await press(pilot, "n")  # declined: back to editing, the text intact, nothing sent
        assert isinstance(app.screen, EditMessageScreen)
        assert app.screen.query_one(TextArea).text == "The fix is live"
        assert not emulator.stats.to_dict()["writes"]
        await press(pilot, "ctrl+j", "y")
        stored = emulator.world.find_message(session, 8_000_000_001)
        assert (stored["content"], stored["edited"]) == ("The fix is live", True)
        assert "Message edited." in notices(app)
        assert "The fix is live" in shown_lines(log) and "edited" in shown_lines(log)

        await press(pilot, "k", "d")
        assert isinstance(app.screen, ConfirmDeleteScreen)
        await press(pilot, "y")
        assert log.messages[-1].removed
        assert "Message deleted" in shown_lines(log)
        assert 8_000_000_001 not in {m["fingerprint"] for m in emulator.world.messages[session]}

        await press(pilot, "g", "d")  # the oldest is the visitor's: refused, nothing asked
        assert not isinstance(app.screen, ConfirmDeleteScreen)
        assert "only your own" in notices(app)[-1].lower()


async def test_a_colleagues_edit_arrives_live_and_cannot_be_edited_here(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> None:
    session = sorted(emulator.world.conversations)[8]
    teammate = sorted(emulator.world.operator_ids() - {me})[0]
    _reply(
        emulator,
        session,
        "I will look into it",
        8_000_000_002,
        user={"user_id": teammate, "nickname": "Bob Colleague"},
    )
    app = live_app(emulator_app, me, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await until(app.inbox, lambda: app.inbox.status.live == "live")
        log = await _open(app, pilot, session)
        await press(pilot, "k", "c")
        assert not isinstance(app.screen, EditMessageScreen)
        assert "Bob Colleague's (a colleague's)" in notices(app)[-1]

        async with rest_client(emulator_app) as colleague:
            path = f"/website/{DEMO_WEBSITE_ID}/conversation/{session}/message/8000000002"
            answer = await colleague.patch(path, json={"content": "Fixed it, sorry"})
            assert answer.status_code == 200
        await until(app.inbox, lambda: log.messages[-1].edited)
        await settle(pilot)
        shown = shown_lines(log)
        assert "Fixed it, sorry" in shown and "edited" in shown
