"""Finding text in the open conversation: every place the query occurs, in reading order, and
which one `n`/`N` is on. Matching is case-insensitive on the text as the log shows it."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from textual.content import Content

from .render import styles


@dataclass(frozen=True)
class Match:
    key: Hashable  # the message's key in the log
    start: int
    end: int


@dataclass
class Finder:
    query: str
    matches: list[Match] = field(default_factory=list)
    current: int = 0

    def search(self, texts: Iterable[tuple[Hashable, str]]) -> None:
        """Find the query in `(key, shown text)` pairs, top to bottom. The current match is the
        last one (the newest), as the agent usually looks for something recent; searching again
        (messages came, changed or went) stays on the message it was on while it still matches."""
        was_on = self.current_match
        pattern = re.compile(re.escape(self.query), re.IGNORECASE) if self.query else None
        self.matches = [
            Match(key, found.start(), found.end())
            for key, text in texts
            if pattern is not None
            for found in pattern.finditer(text)
        ]
        same_message = [i for i, m in enumerate(self.matches) if was_on and m.key == was_on.key]
        exact = [i for i in same_message if self.matches[i] == was_on]
        self.current = (exact or same_message or [max(0, len(self.matches) - 1)])[0]

    @property
    def current_match(self) -> Match | None:
        return self.matches[self.current] if self.matches else None

    def step(self, by: int) -> Match | None:
        """The next (1) or previous (-1) match, wrapping around."""
        if self.matches:
            self.current = (self.current + by) % len(self.matches)
        return self.current_match

    def keys(self) -> set[Hashable]:
        return {match.key for match in self.matches}

    @property
    def count(self) -> str:
        """`3/7`, or `no match`."""
        if not self.matches:
            return "no match" if self.query else ""
        return f"{self.current + 1}/{len(self.matches)}"

    def highlight(self, key: Hashable, body: Content) -> Content:
        """`body` with this message's matches marked, the current one more strongly."""
        current = self.current_match
        for match in self.matches:
            if match.key == key:
                style = styles.FIND_CURRENT if match == current else styles.FIND_MATCH
                body = body.stylize(style, match.start, match.end)
        return body
