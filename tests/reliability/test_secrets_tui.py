"""A TUI session and every client error with sentinel credentials, Textual's log file and every
logger at DEBUG: no form of the key in any byte written, screenshot, notice or exception."""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import textual.constants

from crisp_tui.config import config_file_path, load_settings, save_setting
from crisp_tui.crisp import errors
from crisp_tui.crisp.client import CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.emulator import EmulatorServer
from crisp_tui.tui.app import create_app

from .apps import INSTANT_RETRY, emulator_for, settle, started
from .leaks import Sentinel, debug_log, sentinel_emulator

SENTINEL = Sentinel()


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with sentinel_emulator(SENTINEL, seed=5, conversations=20) as server:
        yield server


async def test_a_tui_session_leaks_nothing(
    server: EmulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textual.constants, "LOG_FILE", str(tmp_path / "textual.log"))
    monkeypatch.setenv("CRISP_API_URL", server.base_url)
    monkeypatch.setenv("CRISP_WEBSITE_ID", server.settings.website_id)
    monkeypatch.setenv("CRISP_TOKEN_ID", SENTINEL.token_id)
    save_setting("token_key", SENTINEL.token_key)  # the key lives in the config file…
    config_file_path().chmod(0o644)  # …which someone made readable by all
    screens = tmp_path / "screens"
    screens.mkdir()
    with debug_log(tmp_path / "debug.log"):
        app = create_app(load_settings(), poll=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot)
            shown: list[str] = []
            for keys in (["enter"], ["r", *"hi", "ctrl+j", "y"], ["escape", "question_mark"]):
                await pilot.press(*keys)
                await settle(pilot)
                (screens / f"{len(shown)}.svg").write_text(app.export_screenshot())
                shown += [n.message for n in app._notifications]
            await pilot.press("escape")
            monkeypatch.setattr(server.emulator.settings, "token_key", "rotated-key")
            await pilot.press("ctrl+r")  # a 401 now
            await settle(pilot)
            (screens / "error.svg").write_text(app.export_screenshot())
            shown += [n.message for n in app._notifications]
    assert any("made it 0600" in text for text in shown), shown  # the config warning is shown
    assert any("rejected the credentials" in text for text in shown), shown
    assert (tmp_path / "textual.log").stat().st_size > 0
    xdg = Path(config_file_path()).parent.parent.parent
    leaks = SENTINEL.hits("\n".join(shown), "notices")
    leaks += SENTINEL.hits_in_files([tmp_path, xdg], skip=[config_file_path()])
    assert leaks == []


def _formatted(error: BaseException) -> str:
    """Everything an error reporter could print: str, repr, the traceback with every frame's
    locals (as Textual's crash screen shows them), and the chained errors."""
    parts = [str(error), repr(error)]
    parts += traceback.TracebackException.from_exception(error, capture_locals=True).format()
    return "".join(parts)


FAULTS: dict[str, dict[str, list[str]]] = {
    "not-subscribed": {},  # no fault: the website id is not the emulator's
    "401": {"script": ["401"]},
    "403": {"script": ["403"]},
    "404": {"script": ["404"]},
    "400": {"script": ["400"]},
    "423": {"script": ["423"]},
    "429": {"script": ["html:429"] * 3},
    "503": {"script": ["503"] * 3},
    "drop": {"script": ["drop"] * 3},
}


@pytest.mark.parametrize("fault", FAULTS)
async def test_client_errors_hold_no_secret(fault: str) -> None:
    emulator_app = emulator_for(token_id=SENTINEL.token_id, token_key=SENTINEL.token_key)
    emulator_app.state.emulator.set_faults(**FAULTS[fault])
    credentials = Credentials("website", SENTINEL.token_id, SENTINEL.token_key)
    async with CrispClient(
        credentials,
        api_url="http://emulator.invalid/v1",
        transport=httpx.ASGITransport(app=emulator_app),
        retry=INSTANT_RETRY,
    ) as client:
        with pytest.raises(errors.CrispError) as raised:
            await client.get_website()
        written = _formatted(raised.value) + repr(client)
    assert SENTINEL.hits(written, fault) == []


async def test_missing_and_malformed_errors_hold_no_secret() -> None:
    written = [
        _formatted(error)
        for error in (
            errors.MalformedResponseError(status=200),
            errors.CrispTimeoutError(),
            errors.MissingCredentialsError("CRISP_WEBSITE_ID is not set"),
        )
    ]
    with pytest.raises(errors.NetworkError) as raised:
        async with CrispClient(
            Credentials("w", SENTINEL.token_id, SENTINEL.token_key),
            api_url="http://127.0.0.1:9/v1",
            retry=INSTANT_RETRY,
        ) as client:
            await client.get_website()
    written.append(_formatted(raised.value))
    assert SENTINEL.hits("".join(written), "errors") == []
