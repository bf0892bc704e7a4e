"""The composer under Pilot: drafts, kinds, keys, $EDITOR, store failures, two windows."""

from __future__ import annotations

import contextlib
import resource
from collections import Counter
from pathlib import Path

from crisp_tui.inbox.store import Store
from crisp_tui.tui.screens.confirm_send import ConfirmDiscardScreen, ConfirmSendScreen
from crisp_tui.tui.widgets.composer import Composer
from crisp_tui.tui.widgets.key_bar import KeyBar
from crisp_tui.tui.widgets.reply import Reply
from tests.support.rtm import until

from .conftest import SIZE
from .pilot import notices, press, settle


async def start_reply(pilot, text: str, key: str = "r") -> Composer:
    """Open the highlighted conversation and type `text` into a new reply (or note)."""
    await settle(pilot)
    await press(pilot, "enter", key)
    composer = pilot.app.query_one(Composer)
    assert pilot.app.focused is composer
    await pilot.press(*text)
    return composer


def open_session(app) -> str:
    session_id = app.main.open_id
    assert session_id
    return session_id


def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"  # where make_app keeps it


@contextlib.contextmanager
def disk_full():
    """Every file this process writes from now on fails (EFBIG), as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


async def test_ctrl_t_carries_the_typed_text_to_the_other_kind(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "internal only")
        await press(pilot, "ctrl+t")
        session_id = open_session(app)
        assert (composer.kind, composer.text) == ("note", "internal only")
        assert app.inbox.draft(session_id, "note") == "internal only"
        assert app.inbox.draft(session_id, "reply") == ""
        await press(pilot, "ctrl+a", "ctrl+k", "ctrl+t")  # an empty composer shows the other
        assert (composer.kind, composer.text) == ("reply", "")


async def test_ctrl_t_onto_an_existing_draft_keeps_both(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "team: VIP", key="N")
        await press(pilot, "escape", "r", *"customer text", "ctrl+t")
        assert (composer.kind, composer.text) == ("note", "team: VIP\n\ncustomer text")


async def test_cancelling_a_queued_reply_never_drops_the_new_draft(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        emulator.set_faults(match="^POST", script=["drop", "drop", "drop"])
        composer = await start_reply(pilot, "First answer")
        await press(pilot, "ctrl+j", "y")
        session_id = open_session(app)
        assert [item.status for item in app.inbox.pending_sends(session_id)] == ["queued"]
        await press(pilot, *"Second thought", "escape", "x")
        assert app.inbox.pending_sends(session_id) == []
        assert composer.text == "Second thought\n\nFirst answer"
        assert app.inbox.draft(session_id, "reply") == "Second thought\n\nFirst answer"
        assert any("after the draft you had started" in text for text in notices(app))


async def test_alt_letter_in_the_composer_leaves_it_and_acts(make_app, emulator):
    """Escape then e typed fast arrives as alt+e: the draft is kept, nothing is inserted,
    and e resolves the open conversation."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "Almost done")
        session_id = open_session(app)
        await press(pilot, "alt+e")
        assert app.inbox.draft(session_id, "reply") == "Almost done"
        assert emulator.world.conversations[session_id]["state"] == "resolved"
        assert app.focused is not composer
        assert app.main.open_id != session_id  # resolve moved on to the next conversation


async def test_readline_keys_act_on_the_typed_line_not_the_wrapped_one(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        long_line = "word " * 40  # wraps over several rows of the composer
        composer = await start_reply(pilot, "")
        composer.insert(long_line.strip())  # as a paste: typing 199 keys only costs time
        await settle(pilot)
        assert composer.wrapped_document.height > 1
        await press(pilot, "ctrl+a")
        assert composer.cursor_location == (0, 0)
        await press(pilot, "ctrl+e")
        assert composer.cursor_location == (0, len(long_line.strip()))
        await press(pilot, "ctrl+u")
        assert composer.text == ""
        composer.insert(long_line.strip())
        await press(pilot, "ctrl+a", "ctrl+k")
        assert composer.text == ""


async def test_typing_repaints_the_composer_and_nothing_else(make_app, emulator, monkeypatch):
    """A key typed into the composer renders the composer's lines again and no other widget's:
    the bars, the list, the conversation and the composer's containers keep what they painted
    (Textual asks each of them for its lines, and each answers from its cache)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "H")
        session = emulator.world.conversations[open_session(app)]
        # The first key changes more than the composer, once: Crisp is told the agent types
        # (the status bar counts the request) and the row gets its draft mark.
        await until(app.inbox, lambda: session.get("compose", {}).get("operator", {}) != {})
        app.main.reply.flush_draft()
        await settle(pilot)
        rendered: Counter[str] = Counter()

        def count_renders(widget) -> None:
            render_line = widget.render_line

            def counted(y: int):
                rendered[type(widget).__name__] += 1
                return render_line(y)

            monkeypatch.setattr(widget, "render_line", counted)

        for widget in app.screen.walk_children(with_self=True):
            count_renders(widget)
        await pilot.press(*"ello, thanks")
        await settle(pilot)
        assert composer.text == "Hello, thanks"
        assert set(rendered) == {"Composer"}, rendered


async def test_discarding_a_draft_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "Never mind")
        session_id = open_session(app)
        await press(pilot, "escape", "D")
        assert isinstance(app.screen, ConfirmDiscardScreen)
        await press(pilot, "n")
        assert composer.text == "Never mind"
        await press(pilot, "D", "y")
        assert composer.text == ""
        assert app.inbox.draft(session_id, "reply") == ""


async def test_a_note_confirmation_says_it_goes_to_the_team(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_reply(pilot, "Internal", key="N")
        await press(pilot, "ctrl+j")
        assert isinstance(app.screen, ConfirmSendScreen)
        recipient = str(app.screen.query_one("#confirm-recipient").render())
        assert "the team" in recipient
        assert "no email" not in recipient


async def test_a_long_reply_keeps_send_and_back_on_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        composer = await start_reply(pilot, "")
        composer.load_text("\n".join(f"line {n}" for n in range(200)))
        await press(pilot, "ctrl+j")
        screen = app.screen
        assert isinstance(screen, ConfirmSendScreen)
        for button in ("#confirm-send", "#confirm-cancel"):
            region = screen.query_one(button).region
            assert region.height and screen.region.contains_region(region), (button, region)


async def test_toasts_leave_the_composer_visible(make_app):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        composer = await start_reply(pilot, "typing")
        app.notify("Something happened elsewhere.")
        await settle(pilot)
        toasts = list(app.screen.query("Toast"))
        assert toasts
        assert not any(toast.region.overlaps(composer.region) for toast in toasts)


async def test_no_toast_covers_the_send_confirmation_and_notices_wait_for_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        composer = await start_reply(pilot, "")
        composer.load_text("\n".join(f"line {n}" for n in range(12)))
        app.notify("Shown before the confirmation.")
        await press(pilot, "ctrl+j")
        screen = app.screen
        assert isinstance(screen, ConfirmSendScreen)
        for n in range(5):
            app.notify(f"Raised while confirming {n}.")
        await settle(pilot)
        dialog = screen.query_one("#confirm-dialog")
        for y in range(dialog.region.y, dialog.region.bottom):  # every cell shows the dialog
            for x in range(dialog.region.x, dialog.region.right):
                widget, _ = screen.get_widget_at(x, y)
                assert dialog in (widget, *widget.ancestors), (x, y, widget)
        await press(pilot, "n")
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("Shown before the confirmation." in text for text in shown)
        assert not any("confirming 1." in text for text in shown)  # 3 at most, newest
        assert [any(f"confirming {n}." in text for text in shown) for n in (2, 3, 4)] == [True] * 3
        assert any("…and 2 more notices." in text for text in shown)


async def test_letters_typed_while_a_reply_is_sending_never_act_on_the_list(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "Hello")
        session_id = open_session(app)
        emulator.set_faults(latency_ms=300, match="POST .*/message$")
        await press(pilot, "ctrl+j")
        await pilot.press("y")
        assert composer.sending
        bar = app.screen.query_one(KeyBar)
        assert "Next unread" not in bar.render().plain
        await pilot.press("e", "enter", "n")  # the agent's next words, typed at once
        await settle(pilot)
        assert emulator.world.conversations[session_id]["state"] == "unresolved"
        assert app.main.open_id == session_id and app.focused is composer
        assert "Next unread" not in bar.render().plain  # the bar shows the composer's keys


async def test_quitting_with_a_queued_reply_warns_first(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        emulator.set_faults(match="^POST", script=["drop", "drop", "drop"])
        await start_reply(pilot, "Queued one")
        await press(pilot, "ctrl+j", "y", "escape", "escape", "q")
        assert app.is_running
        assert any("1 reply is still queued" in text for text in notices(app))
        await press(pilot, "q")
        assert not app.is_running


async def test_a_draft_the_store_cannot_save_stays_in_the_composer(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "")
        session_id = open_session(app)
        with disk_full():
            await press(pilot, *"Refund approved")
            app.query_one(Reply).flush_draft()
            await settle(pilot)
            await press(pilot, "escape", "escape", "j", "enter")  # another conversation…
            await press(pilot, "escape", "k", "enter")  # …and back
        assert app.is_running
        assert any(text.startswith("Could not save the draft (") for text in notices(app))
        assert app.main.open_id == session_id
        assert composer.text == "Refund approved"
        app.query_one(Reply).flush_draft()  # the disk has room again
        await settle(pilot)
        assert app.inbox.draft(session_id, "reply") == "Refund approved"
        assert any("saved again" in text for text in notices(app))


async def test_another_window_changing_the_draft_keeps_both(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "Mine")
        session_id = open_session(app)
        app.query_one(Reply).flush_draft()
        other, _ = Store.open(store_path(tmp_path))  # a second crisp-tui window
        other.save_draft(session_id, "reply", "Theirs")
        await press(pilot, *" too")
        app.query_one(Reply).flush_draft()
        await settle(pilot)
        assert composer.text == "Mine too\n\nTheirs"
        assert app.inbox.draft(session_id, "reply") == "Mine too\n\nTheirs"
        assert any("Another crisp-tui window" in text for text in notices(app))
        other.close()


async def test_the_editor_gets_a_final_newline_and_the_cursor_comes_back_at_the_end(
    make_app, monkeypatch, tmp_path
):
    seen = tmp_path / "seen"
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\ncp "$1" {seen}\nprintf "line two\\n" >> "$1"\n')
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "line one")
        await press(pilot, "home", "f2")
        assert seen.read_text() == "line one\n"
        assert composer.text == "line one\nline two"
        assert composer.cursor_location == (1, len("line two"))


async def test_editor_text_that_is_not_utf8_is_kept_and_said(make_app, monkeypatch, tmp_path):
    script = tmp_path / "editor.sh"
    script.write_text('#!/bin/sh\nprintf "caf\\351 cr\\350me\\n" > "$1"\n')  # Latin-1
    script.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(script))
    app = make_app()
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        composer = await start_reply(pilot, "x")
        await press(pilot, "f2")
        assert composer.text == "caf\ufffd cr\ufffdme"
        assert app.inbox.draft(open_session(app), "reply") == composer.text
        warning = next(text for text in notices(app) if "not UTF-8" in text)
        kept = Path(warning.rsplit(" as ", 1)[1].rstrip("."))
        assert kept.read_bytes() == b"caf\xe9 cr\xe8me\n"
        kept.unlink()
