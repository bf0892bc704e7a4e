"""Fixtures for the scripting-command tests (tests/cli/).

cli_server   one loopback emulator per test module (seed 1234, fake clock at FIXED_NOW_MS);
             tests pick their own sessions so they do not depend on each other
crisp_env    the environment pointing crisp-tui at cli_server with the demo credentials;
             stats are reset before the test and faults after it
run_cli      main(argv) in process, stdout/stderr captured: run_cli("inbox", "list", stdin=…)
run_script   the real console script in a subprocess (`python -m crisp_tui.cli …`)
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from crisp_tui.cli import main
from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from tests.support.emulator import FIXED_NOW_MS, served


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


class _Stdin(io.StringIO):
    def __init__(self, text: str, tty: bool) -> None:
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


@pytest.fixture(scope="module")
def cli_server() -> Iterator[EmulatorServer]:
    with served(EmulatorSettings(seed=1234, clock=FakeClock(FIXED_NOW_MS))) as server:
        yield server


@pytest.fixture
def crisp_env(
    cli_server: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[EmulatorServer]:
    settings = cli_server.settings
    for name, value in (
        ("CRISP_API_URL", cli_server.base_url),
        ("CRISP_WEBSITE_ID", settings.website_id),
        ("CRISP_TOKEN_ID", settings.token_id),
        ("CRISP_TOKEN_KEY", settings.token_key),
    ):
        monkeypatch.setenv(name, value)
    cli_server.emulator.stats.reset()
    yield cli_server
    cli_server.emulator.reset_faults()


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    def run(*argv: str, stdin: str = "", tty: bool = False) -> Result:
        monkeypatch.setattr(sys, "stdin", _Stdin(stdin, tty))
        monkeypatch.setattr(sys.stdout, "isatty", lambda: tty)
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def run_script() -> Callable[..., Result]:
    def run(*argv: str, stdin: str = "", env: dict[str, str] | None = None) -> Result:
        done = subprocess.run(
            [sys.executable, "-m", "crisp_tui.cli", *argv],
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            env={**os.environ, **(env or {})},
        )
        return Result(done.returncode, done.stdout, done.stderr)

    return run
