"""Which cached messages of the open conversation the message log shows: the newest `size`.

Opening a 5,000-message conversation reads and lays out one page, not the whole history. The
window grows by whatever reaches the store (so nothing ever slides off the top while the agent
reads) and by one page each time the agent scrolls past its top.
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_MESSAGES = 200


@dataclass
class MessageWindow:
    size: int = PAGE_MESSAGES
    cached: int | None = None  # messages in the store at the last read

    def limit(self, cached: int) -> int:
        """How many of the newest messages to read, now that the store holds `cached`."""
        if self.cached is not None:
            self.size += max(0, cached - self.cached)
        self.cached = cached
        return self.size

    @property
    def hides_older(self) -> bool:
        """The store holds older messages than the window shows."""
        return self.cached is not None and self.cached > self.size

    def grow(self) -> None:
        self.size += PAGE_MESSAGES
