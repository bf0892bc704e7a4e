"""Sentinel credentials and a search for them in everything crisp-tui wrote."""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from crisp_tui.emulator import EmulatorServer, EmulatorSettings, FakeClock
from tests.support.emulator import FIXED_NOW_MS


@dataclass(frozen=True)
class Sentinel:
    """Unique credentials whose every form is searched for: the key, `id:key`, its base64."""

    token_id: str = field(default_factory=lambda: f"SENTINELID-{uuid.uuid4()}")
    # Hidden from repr: tracebacks with locals (pytest's included) must not plant what is searched.
    token_key: str = field(default_factory=lambda: f"SENTINELKEY-{uuid.uuid4()}", repr=False)

    @property
    def needles(self) -> tuple[bytes, ...]:
        pair = f"{self.token_id}:{self.token_key}".encode()
        encoded = base64.b64encode(pair)
        # The base64 of the pair minus its last, padding-dependent characters, and the key alone
        # in base64: a leak inside a longer encoded blob still shows.
        return (
            self.token_key.encode(),
            pair,
            encoded,
            encoded[:-4],
            base64.b64encode(self.token_key.encode())[:-4],
        )

    def hits(self, data: bytes | str, where: str) -> list[str]:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        return [f"{where}: {needle[:24]!r}…" for needle in self.needles if needle in raw]

    def hits_in_files(self, roots: Iterable[Path], *, skip: Iterable[Path] = ()) -> list[str]:
        skipped = {path.resolve() for path in skip}
        found: list[str] = []
        for root in roots:
            for path in sorted(root.rglob("*")):
                if path.is_file() and path.resolve() not in skipped:
                    found += self.hits(path.read_bytes(), str(path))
        return found


@contextmanager
def debug_log(path: Path) -> Iterator[Path]:
    """Every logger at DEBUG into `path` (httpx and httpcore included), like a curious user's
    `logging.basicConfig(level=logging.DEBUG)`."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
        handler.close()


def sentinel_emulator(sentinel: Sentinel, *, seed: int, conversations: int) -> EmulatorServer:
    """A loopback emulator (not started) that accepts only the sentinel credentials."""
    settings = EmulatorSettings(
        seed=seed,
        conversations=conversations,
        token_id=sentinel.token_id,
        token_key=sentinel.token_key,
        clock=FakeClock(FIXED_NOW_MS),
    )
    return EmulatorServer(settings)
