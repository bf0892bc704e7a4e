"""The error log: each error Crisp answered, in full, where the agent can read it later.

The status bar and notices say one short sentence; Crisp's own message (`data.message`, which
can be pages of validator output) and its reason are kept here: in memory for the app's "Error
details" screen, and appended to `errors.log` in the platformdirs log dir (`crisp-tui locate`).
Everything is cleaned like any untrusted text, and the token is never written: the errors hold
no credential, and any text that contains one (a server echoing it) has it masked.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..crisp.errors import CrispError
from ..untrusted import clean

MAX_BYTES = 512 * 1024  # then the file moves to errors.log.1 and a new one starts
KEPT_IN_MEMORY = 20
MASK = "[token]"
_DETAIL_CHARS = 20_000


@dataclass(frozen=True)
class ErrorEntry:
    at: float  # seconds since the epoch
    sentence: str  # what the app said
    status: int | None
    reason: str
    detail: str  # Crisp's full message, cleaned ("" when it sent none)

    def lines(self) -> list[str]:
        when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.at))
        answer = " ".join(str(part) for part in (self.status, self.reason) if part)
        lines = [f"{when}  {answer or 'no answer'}  {self.sentence}"]
        lines += [f"    {line}" for line in self.detail.splitlines()]
        return lines


class ErrorLog:
    def __init__(
        self,
        path: Path | None = None,
        *,
        secrets: Iterable[str] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = path
        self._secrets = sorted((s for s in secrets if len(s) >= 4), key=len, reverse=True)
        self._clock = clock
        self._recent: deque[ErrorEntry] = deque(maxlen=KEPT_IN_MEMORY)
        self.write_failed = False

    @property
    def recent(self) -> list[ErrorEntry]:
        """The errors of this run, newest last."""
        return list(self._recent)

    def record(self, error: CrispError) -> None:
        """Keep this error, unless it only repeats the last one (a failure while offline comes
        back on every retry)."""
        entry = ErrorEntry(
            self._clock(),
            self._masked(clean(str(error), single_line=True, max_chars=500)),
            error.status,
            self._masked(clean(error.reason, single_line=True, max_chars=80)),
            self._masked(clean(error.detail, max_chars=_DETAIL_CHARS, max_lines=400)),
        )
        last = self._recent[-1] if self._recent else None
        if last is not None and dataclasses.replace(last, at=entry.at) == entry:
            return
        self._recent.append(entry)
        self._append(entry)

    def _masked(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def _append(self, entry: ErrorEntry) -> None:
        """One entry at the end of the file; a log that cannot be written never stops the app."""
        if self.path is None:
            return
        text = "\n".join(entry.lines()) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() and self.path.stat().st_size > MAX_BYTES:
                self.path.replace(self.path.with_name(self.path.name + ".1"))
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as file:
                file.write(text)
        except OSError:
            self.write_failed = True
