"""What crisp-tui tells the terminal beyond the screen: its title (OSC 2) and desktop
notifications (OSC 9, OSC 777 `notify`), or a program of the agent's choosing.

Everything put inside an escape sequence is cleaned first (`untrusted.clean`): a name holding BEL
or ESC would otherwise end the sequence early and write the rest to the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..inbox.alerts import Attention
from ..inbox.events import NewVisitorMessage
from ..untrusted import clean
from .notify_command import run_notify_command

if TYPE_CHECKING:
    from .app import CrispApp

# XTWINOPS: keep the terminal's own title on its stack at start, put it back on exit.
SAVE_TITLE = "\x1b[22;2t"
RESTORE_TITLE = "\x1b[23;2t"
_TITLE_CHARS = 120
_NOTIFICATION_TITLE_CHARS = 80
_NOTIFICATION_BODY_CHARS = 300


def _safe(text: str, max_chars: int) -> str:
    return clean(text, max_chars=max_chars, single_line=True)


def title_text(attention: Attention, website_name: str) -> str:
    """`crisp-tui · 3 unread · 2 waiting · Acme`: only our counts and the website's name."""
    parts = ["crisp-tui", f"{attention.unread} unread", f"{attention.waiting} waiting"]
    if website_name:
        parts.append(_safe(website_name, 60))
    return " · ".join(parts)


def title_sequence(text: str) -> str:
    return f"\x1b]2;{_safe(text, _TITLE_CHARS)}\x07"


def notification_sequence(kind: str, title: str, body: str) -> str:
    """OSC 9 (iTerm2, kitty, WezTerm, Windows Terminal…) carries one text; OSC 777 (urxvt, foot,
    Ghostty, VTE…) a title and a body separated by `;`, so the title may hold none."""
    title = _safe(title, _NOTIFICATION_TITLE_CHARS)
    body = _safe(body, _NOTIFICATION_BODY_CHARS)
    if kind == "osc777":
        return f"\x1b]777;notify;{title.replace(';', ',')};{body}\x07"
    # The text starts with the title: ConEmu reads OSC 9 followed by a digit and `;` as a command.
    return f"\x1b]9;{title}: {body}\x07"


class TerminalTitle:
    """Writes the title only when its text changes, and puts the terminal's own back at exit."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._shown: str | None = None

    def show(self, text: str) -> None:
        if text == self._shown:
            return
        if self._shown is None:
            self._write(SAVE_TITLE)
        self._shown = text
        self._write(title_sequence(text))

    def restore(self) -> None:
        if self._shown is not None:
            self._write(RESTORE_TITLE)
            self._shown = None

    def forget(self) -> None:
        """The terminal is gone: nothing to put back (a write to it may never return)."""
        self._shown = None


class TerminalSignals:
    """The app's title and desktop notifications, as the settings ask."""

    def __init__(self, app: CrispApp) -> None:
        self._app = app
        self._title = TerminalTitle(self._write)
        self._command_failed = False
        self._attention: Attention | None = None

    def _write(self, data: str) -> None:
        # Textual has no public way to write to the terminal; its own bell and clipboard
        # (`App.bell`, `App.copy_to_clipboard`) write through the driver like this.
        driver = self._app._driver
        if driver is not None and not self._app.is_headless:
            driver.write(data)
            driver.flush()

    def problems(self) -> list[str]:
        """One sentence per notification setting that cannot work as set."""
        settings = self._app.settings
        found = []
        if settings.desktop_notify == "command" and not settings.notify_command:
            found.append(
                'desktop_notify = "command" needs notify_command, e.g. notify_command = '
                '["notify-send", "{title}", "{body}"]: no desktop notification until then.'
            )
        if settings.notify_for != "all" and not settings.operator_id:
            found.append(
                f'notify_for = "{settings.notify_for}" needs operator_id (crisp-tui operators '
                "lists them): no desktop notification until then."
            )
        return found

    def show_counts(self, *, recount: bool) -> None:
        """The title, counted again when `recount` (the conversations changed): the status
        changes at every request, and only the website's name may have come with it."""
        if not self._app.settings.terminal_title:
            return
        inbox = self._app.inbox
        if recount or self._attention is None:
            self._attention = inbox.attention()
        self._title.show(title_text(self._attention, inbox.status.website_name))

    def restore_title(self) -> None:
        self._title.restore()

    def terminal_closed(self) -> None:
        self._title.forget()

    def visitor_wrote(self, event: NewVisitorMessage) -> None:
        """A desktop notification, when the settings and the rules ask for one."""
        settings = self._app.settings
        if settings.desktop_notify == "off" or not self._app.inbox.wants_notification(
            event.session_id
        ):
            return
        name = clean(event.name, max_chars=_NOTIFICATION_TITLE_CHARS, single_line=True)
        title = f"New message from {name}"
        body = clean(event.excerpt, max_chars=_NOTIFICATION_BODY_CHARS, single_line=True)
        if settings.desktop_notify == "command":
            if settings.notify_command:
                session_id = clean(event.session_id, max_chars=80, single_line=True)
                fields = {"title": title, "body": body, "name": name, "session_id": session_id}
                self._run_command(settings.notify_command, fields)
        else:
            self._write(notification_sequence(settings.desktop_notify, title, body))

    def _run_command(self, argv: tuple[str, ...], fields: dict[str, str]) -> None:
        def run() -> None:
            problem = run_notify_command(argv, fields)
            if problem and not self._command_failed:  # said once, not at every message
                self._command_failed = True
                self._app.call_from_thread(self._app.notify, problem, severity="warning")

        self._app.run_worker(run, thread=True, group="notify-command", exit_on_error=False)
