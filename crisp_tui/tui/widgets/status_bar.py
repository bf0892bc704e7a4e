"""The status bar: connection state, last sync, requests used, website, and work in progress."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ...present import duration
from ..clock import Clock, system_clock
from ..safe_text import safe

if TYPE_CHECKING:
    from ...inbox.sync_health import SyncStatus


def status_content(
    status: SyncStatus | None, busy: str, now: float, *, read_only: bool = False
) -> Content:
    """What the bar says, most important first: a long error comes last, so a narrow bar cuts
    it rather than the connection state, sync age, requests and website."""
    parts: list[Content] = []
    if read_only:
        parts.append(Content.styled(" READ ONLY ", "bold $text on $warning"))
    if busy:
        parts.append(Content.styled(f"… {busy}", "bold $accent"))
    if status is None:
        parts.append(Content.styled("connecting…", "$text-muted"))
        return Content("  ").join(parts)
    if status.online is False:
        since = f" {duration(now - status.offline_since)}" if status.offline_since else ""
        parts.append(Content.styled(f"○ offline{since}", "bold $warning"))
        if status.retry_at and status.retry_at > now:
            parts.append(Content.styled(f"retrying in {ceil(status.retry_at - now)} s", "$warning"))
    elif status.online:
        parts.append(Content.styled("● online", "$success"))
    else:
        parts.append(Content.styled("◌ connecting", "$text-muted"))
    live = live_content(status, now)
    if live is not None:
        parts.append(live)
    if status.paused_until and status.paused_until > now:
        parts.append(Content.styled(f"paused {duration(status.paused_until - now)}", "$warning"))
    if status.last_sync:
        age = duration(now - status.last_sync)
        parts.append(Content("synced just now" if age == "now" else f"synced {age} ago"))
    if status.cached:
        parts.append(Content.styled("cached", "italic $text-muted"))
    parts.append(Content.styled(f"{status.requests_today}/{status.budget} req", "$text-muted"))
    if status.website_name:
        parts.append(safe(status.website_name, style="bold", max_chars=60, single_line=True))
    if status.error:
        parts.append(Content.assemble(("⚠ ", "bold $error"), _sentence(status.error)))
    return Content("  ").join(parts)


def _sentence(text: str) -> Content:
    """A reason in full on one line: the bar itself ends it with an ellipsis at its width (a
    char cap cut short sentences mid-word and said "… [61 more characters]" of our own words)."""
    return safe(text, max_chars=400, single_line=True)


def live_content(status: SyncStatus, now: float) -> Content | None:
    """Live updates: on, coming back (when), or polling instead (why). None when turned off."""
    if status.live == "live":
        return Content.styled("⚡ live", "bold $success")
    if status.live == "connecting":
        return Content.styled("◌ live…", "$text-muted")
    if status.live not in ("reconnecting", "unavailable"):
        return None
    if status.live == "unavailable":
        label = "polling, live unavailable"
    else:
        left = (status.live_retry_at or now) - now
        when = (
            "" if left <= 0 else f" in {int(left) + 1}s" if left < 60 else f" in {duration(left)}"
        )
        label = f"polling, live reconnecting{when}"
    if not status.live_reason or status.live_reason == status.error:
        return Content.styled(label, "$warning")  # the error, last on the bar, says why
    return Content.assemble((f"{label}: ", "$warning"), _sentence(status.live_reason))


class StatusBar(Widget):
    """One line, fixed size. Ticks every second so relative times stay true, but repaints (never
    relayouts) only when its text or styles actually changed."""

    busy: reactive[str] = reactive("", repaint=False)

    def __init__(
        self, *, clock: Clock = system_clock, read_only: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.read_only = read_only
        self.status: SyncStatus | None = None
        self._content = Content()

    def on_mount(self) -> None:
        self.set_interval(1.0, self.repaint)
        self.repaint()

    def show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.repaint()

    def watch_busy(self) -> None:
        self.repaint()

    def repaint(self) -> None:
        content = status_content(self.status, self.busy, self.clock(), read_only=self.read_only)
        if (content.plain, content.spans) != (self._content.plain, self._content.spans):
            self._content = content
            self.refresh()

    def render(self) -> Content:
        return self._content
