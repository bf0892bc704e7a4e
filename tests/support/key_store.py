"""Key sources for tests: an in-memory system keyring and a real key-printing child program.

memory_keyring   an in-memory keyring backend, installed with keyring.set_keyring() (the library's
                 public API) for the test and the previous backend put back after it
key_command      key_command(key=…, exit_status=…, stderr=…) → a `token_key_command` line that
                 runs a real Python script printing `key` on its first line and more after it
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

_SCRIPT = """\
import sys
print({key!r})
print("second line, never the key")
print({stderr!r}, file=sys.stderr)
sys.exit({exit_status})
"""


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def key_command(tmp_path: Path) -> Callable[..., str]:
    def make(key: str, *, exit_status: int = 0, stderr: str = "") -> str:
        script = tmp_path / f"print-key-{exit_status}.py"
        script.write_text(_SCRIPT.format(key=key, stderr=stderr, exit_status=exit_status))
        return shlex.join([sys.executable, str(script)])

    return make
