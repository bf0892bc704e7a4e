"""No toast over a dialog the agent must read whole before answering: every confirmation
(what goes out, to whom, as reply or note; an edit, a deletion, a bulk action) and the segments
to save. Not a dialog that says things itself while open (the message editor's $EDITOR errors).

A toast there could hide the recipient or a line of the text. While such a dialog is on top,
new notices wait and are shown, with their full time, once it closes; toasts already up hide
behind it until then. The bell still rings for a visitor's message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from textual.app import App

# Held notices come back as at most this many toasts (the app's limit for a burst), the rest
# summed up in one line.
SHOWN_AFTER = 3


class HeldNotice(NamedTuple):
    message: str
    title: str
    severity: SeverityLevel
    timeout: float | None


class HoldsNotices:
    """Mixin for a modal screen that holds notices while it is on top."""

    HOLDS_NOTICES_CLASS = "-holds-notices"  # app.tcss hides the screen's toasts

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.held_notices: list[HeldNotice] = []

    def on_mount(self) -> None:
        self.add_class(self.HOLDS_NOTICES_CLASS)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        app: App[object] = self.app  # type: ignore[attr-defined]
        held = self.held_notices
        for notice in held[-SHOWN_AFTER:]:
            app.notify(
                notice.message,
                title=notice.title,
                severity=notice.severity,
                timeout=notice.timeout,
                markup=False,
            )
        if len(held) > SHOWN_AFTER:
            app.notify(f"…and {len(held) - SHOWN_AFTER} more notices.", markup=False)


def holder(app: App[object]) -> HoldsNotices | None:
    """The dialog on top that holds notices now, if any."""
    screen = app.screen_stack[-1] if app.screen_stack else None
    return screen if isinstance(screen, HoldsNotices) else None
