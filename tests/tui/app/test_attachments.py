"""Pilot: attachments on the in-process emulator. Saving and previewing fetch a visitor's file only
after the agent's key; sending a file goes through Crisp's upload flow after a confirmation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from textual.widgets import Input

from crisp_tui.emulator import Emulator
from crisp_tui.inbox.attachments import Attachment
from crisp_tui.tui.app import CrispApp
from crisp_tui.tui.screens.attachment_picker import AttachmentPicker
from crisp_tui.tui.screens.image_preview import ImagePreviewScreen
from crisp_tui.tui.screens.prompt import PromptScreen
from crisp_tui.tui.screens.send_file import ConfirmFileScreen
from crisp_tui.tui.widgets.inbox_list import InboxList
from crisp_tui.tui.widgets.message_log import MessageLog
from tests.support.emulator import rest_client
from tests.support.rtm import until

from .conftest import SIZE
from .pilot import notices, press, settle
from .test_live import live_and_open, live_app

SEED = "http://emulator.invalid/storage/files/seed"
GONE = "http://emulator.invalid/storage/files/removed"
STORAGE_GET = "GET /storage/files/…"


async def _post_file(emulator_app: Starlette, session_id: str, content: dict[str, str]) -> None:
    """A visitor sends a file (through the emulator's REST API, as a chatbox would)."""
    emulator: Emulator = emulator_app.state.emulator
    async with rest_client(emulator_app) as http:
        site = emulator.world.website_id
        answer = await http.post(
            f"/website/{site}/conversation/{session_id}/message",
            json={"type": "file", "from": "user", "origin": "chat", "content": content},
        )
    assert answer.status_code == 202


async def _open_with_files(app: CrispApp, pilot, emulator_app: Starlette) -> str:
    session_id = app.inbox.rows[2].session_id
    await _post_file(
        emulator_app,
        session_id,
        {
            "name": "invoice-2024.pdf",
            "url": f"{SEED}/7/invoice-2024.pdf",
            "type": "application/pdf",
        },
    )
    await _post_file(
        emulator_app,
        session_id,
        {"name": "../../.bashrc\x1b[2J", "url": f"{SEED}/3/screenshot.png", "type": "image/png"},
    )
    app.query_one(InboxList).select_id(session_id)
    await press(pilot, "enter")
    return session_id


def _storage_gets(emulator: Emulator) -> int:
    return list(emulator.stats.log).count(STORAGE_GET)


async def test_an_image_is_fetched_and_shown_only_after_the_key(
    make_app: Callable[..., CrispApp], emulator_app: Starlette, emulator: Emulator
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_with_files(app, pilot, emulator_app)
        assert _storage_gets(emulator) == 0 and not app.query("#preview-image")

        await press(pilot, "i")
        picker = app.screen
        assert isinstance(picker, AttachmentPicker)
        shown = str(picker.option_list.get_option_at_index(0).prompt)
        assert f"{SEED}/3/screenshot.png" in shown and "image/png" in shown
        assert "bashrc[2J" in shown and "/" not in shown.split(" · ")[0] and "\x1b" not in shown
        assert picker.option_list.option_count == 1  # the PDF is not an image
        assert _storage_gets(emulator) == 0  # choosing is not fetching

        await press(pilot, "enter")
        preview = app.screen
        assert isinstance(preview, ImagePreviewScreen)
        assert preview.query("#preview-image")
        assert _storage_gets(emulator) == 1
        await press(pilot, "escape")
        assert not isinstance(app.screen, ImagePreviewScreen)


async def test_a_preview_that_cannot_be_shown_says_why(
    make_app: Callable[..., CrispApp], emulator_app: Starlette
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        session_id = app.inbox.rows[4].session_id
        for name, url in (("fake.png", f"{SEED}/5/logs.txt"), ("gone.png", f"{GONE}/x.png")):
            await _post_file(
                emulator_app, session_id, {"name": name, "url": url, "type": "image/png"}
            )
        app.query_one(InboxList).select_id(session_id)
        await press(pilot, "enter")
        said = []
        for index in (0, 1):  # posted in the same millisecond: in either order
            await press(pilot, "i")
            app.screen.option_list.highlighted = index  # type: ignore[attr-defined]
            await press(pilot, "enter")
            said.append(str(app.screen.query_one("#preview-status").content))
            assert not app.screen.query("#preview-image")
            await press(pilot, "escape")
    assert sorted(said) == [
        "Could not download the image: The file server answered 404: the link may have expired "
        "or the file was removed.",
        "The file is not an image that can be shown: save it instead.",
    ]


async def test_save_a_file_twice_never_overwrites(
    make_app: Callable[..., CrispApp], emulator_app: Starlette, emulator: Emulator, tmp_path: Path
) -> None:
    downloads = tmp_path / "dl"
    app = make_app(download_dir=str(downloads))  # and no live updates: no file can be sent
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _open_with_files(app, pilot, emulator_app)
        for _ in range(2):
            await press(pilot, "w")
            assert isinstance(app.screen, AttachmentPicker)
            await press(pilot, *"invoice", "enter")  # typing filters the list

        await press(pilot, "F")
        app.screen.query_one(Input).value = __file__
        await press(pilot, "enter", "y")
        said = notices(app)
    assert "POST /bucket/url/generate" not in emulator.stats.log
    assert any("was not sent: Sending a file needs Crisp's live connection" in t for t in said)
    saved = sorted(path.name for path in downloads.iterdir())
    assert saved == ["invoice-2024 (1).pdf", "invoice-2024.pdf"]
    assert (downloads / "invoice-2024.pdf").read_bytes().startswith(b"%PDF")
    assert any(text.startswith("Saved invoice-2024.pdf (") for text in said)
    assert any(str(downloads / "invoice-2024 (1).pdf") in text for text in said)


async def test_send_a_file_after_confirming_it(
    emulator_app: Starlette, emulator: Emulator, me: str, tmp_path: Path
) -> None:
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 " + bytes(3063))  # 3 KB
    app = live_app(emulator_app, me, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        session_id = await live_and_open(app, pilot)
        emulator.stats.reset()

        await press(pilot, "F")
        assert isinstance(app.screen, PromptScreen)
        await press(pilot, *str(tmp_path / "nope.pdf"), "enter")
        assert "There is no file at" in notices(app)[-1]
        assert isinstance(app.screen, PromptScreen)  # asked again, with what was typed
        assert app.screen.query_one(Input).value == str(tmp_path / "nope.pdf")
        app.screen.query_one(Input).value = str(report)
        await press(pilot, "enter")
        confirm = app.screen
        assert isinstance(confirm, ConfirmFileScreen)
        text = " ".join(str(s.content) for s in confirm.query("Static"))
        name = app.inbox.conversation(session_id).display_name
        assert f"To: {name}" in text and "report.pdf (3.0 KB, application/pdf)" in text
        await press(pilot, "n")  # back to the path, as typed
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == str(report)
        assert emulator.stats.posted == []

        await press(pilot, "enter", "y")
        await until(app.inbox, lambda: bool(emulator.stats.posted))
        await settle(pilot)
        posted = emulator.stats.posted
        assert [p["type"] for p in posted] == ["file"]
        stored = emulator.world.find_message(session_id, posted[0]["fingerprint"])
        assert stored["user"].get("user_id") == me  # yours, as a reply is: the row says "You:"
        writes = ("POST /bucket", "PUT /storage", "POST /website")
        assert [line for line in emulator.stats.log if line.startswith(writes)] == [
            "POST /bucket/url/generate",
            "PUT /storage/signed/…",
            "POST /website/{website_id}/conversation/{session_id}/message",
        ]
        shown = app.query_one(MessageLog).messages[-1]
        assert shown.type == "file" and shown.content.url == posted[0]["content"]["url"]
        assert any(text.startswith("Sent report.pdf (3.0 KB)") for text in notices(app))


def test_attachment_names_are_cleaned_for_disk() -> None:
    def named(name: str) -> str:
        return Attachment("file", name, "https://x.example/a/b%20c.txt", "").file_name

    assert named("../../etc/passwd") == "etc passwd"
    assert named(".bashrc") == "bashrc"
    assert named("a\x1b[31mb\u202ec.pdf") == "a[31mbc.pdf"
    assert named("") == "b c.txt"
    assert named("x" * 300 + ".pdf").endswith("x.pdf") and len(named("x" * 300 + ".pdf")) == 120
