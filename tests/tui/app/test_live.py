"""Pilot: the app with live updates on, the emulator in process (REST over ASGI, the socket over
httpx-ws's ASGI transport, as `--demo` runs)."""

from __future__ import annotations

import httpx
from httpx_ws.transport import ASGIWebSocketTransport
from starlette.applications import Starlette
from textual.widgets import Static

from crisp_tui.config import Settings
from crisp_tui.emulator import DEMO_TOKEN_ID, DEMO_TOKEN_KEY, DEMO_WEBSITE_ID, Emulator
from crisp_tui.tui.app import CrispApp, create_app
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog
from crisp_tui.tui.widgets.status_bar import StatusBar
from tests.support.emulator import visitor_writes
from tests.support.rtm import until

from .conftest import SIZE
from .pilot import press, settle, shown_lines, until_painted


def live_app(emulator_app: Starlette, me: str, tmp_path, **overrides: object) -> CrispApp:
    emulator = emulator_app.state.emulator
    settings = Settings(
        website_id=DEMO_WEBSITE_ID,
        token_id=DEMO_TOKEN_ID,
        token_key=DEMO_TOKEN_KEY,
        api_url="http://emulator.invalid/v1",
        operator_id=me,
        theme="textual-dark",
        **overrides,  # type: ignore[arg-type]
    )
    return create_app(
        settings,
        transport=httpx.ASGITransport(app=emulator_app),
        socket_transport=lambda: ASGIWebSocketTransport(emulator_app),
        store_path=tmp_path / "store.sqlite3",
        clock=lambda: emulator.clock.now_ms() / 1000,
    )


def text_of(app: CrispApp, selector: str) -> str:
    widget = app.query_one(selector)
    rendered = widget.render() if isinstance(widget, StatusBar) else widget.content  # type: ignore[attr-defined]
    return str(rendered)


async def live_and_open(app: CrispApp, pilot) -> str:
    """Once live, open a listed conversation that is not the newest (so a message must move
    it up); its session id."""
    await until(app.inbox, lambda: app.inbox.status.live == "live" and len(app.inbox.rows) > 3)
    await settle(pilot)
    session_id = app.inbox.rows[3].session_id
    app.query_one(InboxList).select_id(session_id)
    await press(pilot, "enter")
    await until(app.inbox, lambda: app.inbox.open_session == session_id)
    await settle(pilot)
    return session_id


async def test_visitor_message_paints_without_a_request(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> None:
    app = live_app(emulator_app, me, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        session = await live_and_open(app, pilot)
        assert "⚡ live" in text_of(app, StatusBar)
        emulator.stats.reset()

        visitor_writes(emulator, session, "Is anyone there? It is urgent.", fingerprint=7 * 10**15)
        await until(app.inbox, lambda: app.inbox.rows[0].session_id == session)
        await settle(pilot)

        log = app.query_one(MessageLog)
        assert log.messages[-1].fingerprint == 7 * 10**15
        assert app.query_one(InboxList).option_count == len(app.inbox.rows)
        assert app.inbox.rows[0].session_id == session
        assert emulator.stats.to_dict()["total"] == 0  # no request: the socket brought it


def row_text(app: CrispApp, session_id: str) -> str:
    inbox_list = app.query_one(InboxList)
    return str(inbox_list.get_option_at_index(inbox_list.session_ids.index(session_id)).prompt)


async def test_the_row_names_who_wrote_last_and_what_an_event_was(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> None:
    """A colleague's reply in a conversation assigned to me is theirs, not "You"; my own reply
    is "You"; an event says what happened rather than Crisp's "Conversation event"."""
    app = live_app(emulator_app, me, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        session = await live_and_open(app, pilot)
        app.inbox.apply_patch(session, assigned={"user_id": me})
        teammate = emulator.world.operators[1]["details"]
        world, now = emulator.world, emulator.clock.now_ms()

        def operator_writes(at: int, kind: str, content: object) -> None:
            with world.lock:
                world.append(
                    session,
                    {
                        "session_id": session,
                        "type": kind,
                        "from": "operator",
                        "origin": "chat",
                        "content": content,
                        "fingerprint": (now + at) * 100 + 1,
                        "timestamp": now + at,
                        "user": world.operator_user(teammate["user_id"]),
                    },
                )

        operator_writes(1000, "text", "I am on it, give me a minute")
        await until(app.inbox, lambda: "give me a minute" in row_text(app, session))
        await settle(pilot)
        assert f"{teammate['first_name']}: I am on it" in row_text(app, session)
        assert "You:" not in row_text(app, session)

        event = {"namespace": "reminder:scheduled", "text": "Conversation event"}
        operator_writes(2000, "event", event)
        await until(app.inbox, lambda: "Reminder scheduled" in row_text(app, session))
        assert "Conversation event" not in row_text(app, session)

        await press(pilot, "r", *"Done on my side", "ctrl+j", "y")
        await until(app.inbox, lambda: "Done on my side" in row_text(app, session))
        await settle(pilot)
        assert "You: Done on my side" in row_text(app, session)


async def test_visitor_typing_shows_under_the_messages_and_a_teammate_viewing_in_the_header(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> None:
    app = live_app(emulator_app, me, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        session = await live_and_open(app, pilot)
        name = app.inbox.conversation(session).display_name  # type: ignore[union-attr]
        header = app.query_one("#conversation-header", Static)
        log = app.query_one(MessageLog)
        header_height = header.size.height
        teammate = emulator.world.operators[1]["details"]
        world = emulator.world
        with world.lock:
            world.emit("message:compose:send", session, type="start", excerpt="my order \x1b[31mis")
            world.emit(
                "session:set_opened",
                session,
                operator={"user_id": teammate["user_id"], "nickname": "Jane [@click=app.quit]"},
            )
        # Last in view, under the newest message (the escape sequence is gone)...
        await until_painted(
            pilot, lambda: "is typing" in shown_lines(log) and "viewing" in str(header.content)
        )
        assert shown_lines(log).rstrip().endswith(f"{name} is typing: my order is")
        # ...so the header keeps its height: nothing on screen moves while a visitor types.
        assert header.size.height == header_height
        assert "is typing" not in str(header.content)
        assert "Jane [@click=app.quit] viewing" in str(header.content)  # literal, not markup

        with world.lock:
            world.emit("message:compose:send", session, type="stop", excerpt="")
        await until_painted(pilot, lambda: "is typing" not in shown_lines(log))


async def test_typing_a_reply_tells_crisp_once_not_per_key(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> None:
    app = live_app(emulator_app, me, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        session = await live_and_open(app, pilot)
        emulator.stats.reset()
        await press(pilot, "r", *"Thanks, I am looking into it")
        await press(pilot, "escape")
        typing = emulator.world.conversations[session].setdefault("compose", {})
        # Each request moves the status bar's counter, an inbox event: re-checked on each.
        await until(app.inbox, lambda: typing.get("operator", {}).get("type") == "stop")
        compose = "PATCH /website/{website_id}/conversation/{session_id}/compose"
        assert emulator.stats.requests[compose] == 2  # start, then stop on leaving


async def test_live_updates_off_means_polling_only(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path
) -> None:
    app = live_app(emulator_app, me, tmp_path, live_updates=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.live is None
        assert "live" not in text_of(app, StatusBar)
        assert "GET /plugin/connect/endpoints" not in emulator.stats.requests
