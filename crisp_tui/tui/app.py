"""The Textual app: owns the one Inbox, turns its events into messages, and hosts the screens.

Inbox events arrive on the asyncio loop from the inbox's own tasks; the app re-posts each as an
`InboxUpdated` message so every widget update happens in a normal message handler.
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import constants, events, work
from textual.app import App
from textual.command import Provider
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.theme import Theme

from ..config import Settings, forget_secret_environment, load_settings, save_setting
from ..crisp.errors import MissingCredentialsError
from ..crisp.live import LiveSocket
from ..inbox.events import (
    ConversationsChanged,
    InboxEvent,
    NewVisitorMessage,
    Notice,
    SyncStatusChanged,
)
from ..inbox.inbox import Inbox, build_inbox
from ..inbox.live import LiveSource
from ..inbox.poller import Poller
from ..inbox.store import Store, StoreError
from ..snippets import SnippetSource, snippets_path
from .bindings import bindings, key_hint, keymap_of
from .clock import Clock
from .commands import CrispCommands
from .key_order import KeyOrder
from .keymap import validated_keymap
from .notice_hold import HeldNotice, holder
from .safe_text import clean
from .screens.main import MainScreen
from .terminal_signals import TerminalSignals

if TYPE_CHECKING:
    import httpx
    from textual.driver import Driver

DEMO_API_URL = "http://emulator.invalid/v1"
# Escape alone is told from the start of a key's escape sequence by waiting this long for more
# (Textual waits 100 ms): escape must feel instant. The ESCDELAY environment variable wins.
# tui/driver.py makes the driver look again on time (Textual's looked every 100 ms).
ESCAPE_DELAY_MS = 30
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
QUIT_AGAIN_S = 10.0  # a second quit within this time quits despite the warning
SEVERITIES = ("information", "warning", "error")
_TOAST_CHARS = 500


class InboxUpdated(Message):
    """The inbox changed; `event` says what."""

    def __init__(self, event: InboxEvent) -> None:
        super().__init__()
        self.event = event

    def can_replace(self, message: Message) -> bool:
        # A burst of status changes needs one repaint.
        return (
            isinstance(message, InboxUpdated)
            and isinstance(message.event, SyncStatusChanged)
            and isinstance(self.event, SyncStatusChanged)
        )


class CrispApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "crisp-tui"
    BINDINGS = bindings("app")
    # Ours only: the registry has quit, help and the theme.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {CrispCommands}

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, except on Linux/macOS: the same one, deciding Escape on time."""
        if sys.platform == "win32" or constants.DRIVER is not None:  # Textual's choice stands
            return super().get_driver_class()
        from .driver import PromptEscapeDriver

        return PromptEscapeDriver

    def __init__(
        self,
        settings: Settings,
        inbox: Inbox,
        *,
        clock: Clock = time.time,
        start_notice: str | None = None,
        poll: bool = True,
        socket_transport: Callable[[], httpx.AsyncBaseTransport] | None = None,
        snippet_examples: bool = False,
    ) -> None:
        """`snippet_examples`: offer the example snippets when the agent has no file (demo)."""
        super().__init__()
        forget_secret_environment()  # the settings hold the token: no child process needs it
        self.settings = settings
        self.inbox = inbox
        self.clock = clock
        self.start_notice = start_notice
        self.poll = poll
        self.poller = Poller(inbox, clock=clock)
        # Live updates replace polling while the socket is up (inbox/live.py).
        self.live = (
            LiveSource(
                inbox,
                LiveSocket(inbox.client, transport=socket_transport, clock=clock),
                self.poller,
            )
            if poll and settings.live_updates
            else None
        )
        self._quit_warned_at: float | None = None  # monotonic
        self.signals = TerminalSignals(self)  # the terminal's title, desktop notifications
        # Set when the agent switches profile: `run` starts the app again with these.
        self.next_settings: Settings | None = None
        self.snippets = SnippetSource(
            snippets_path(settings.snippets_file), examples=snippet_examples
        )
        self.key_order = KeyOrder(self, super().on_event)  # keys of one read, one at a time

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.key_order.take(event)  # where the keys before it moved the focus
        else:
            await super().on_event(event)

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.inbox, clock=self.clock, start=self._start_inbox)

    async def _start_inbox(self) -> None:
        """Sync with Crisp, then start the sources of change."""
        await self.inbox.start()
        if self.live:
            self.live.start()
        elif self.poll:
            self.poller.start()

    @property
    def main(self) -> MainScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, MainScreen)
        return screen

    def on_load(self) -> None:
        # Start-up builds tens of thousands of objects that live as long as the app (Textual's
        # CSS, the widgets, the cached rows), and the collector would re-scan them all before
        # the first paint (one full pass cost ~23 ms). Pause it, as Textual does while
        # scrolling, until the first frame is out.
        gc.disable()

    def on_mount(self) -> None:
        self.call_after_refresh(_resume_gc)
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(
                    f"Unknown theme {self.settings.theme!r}: using the default.",
                    severity="warning",
                    markup=False,
                )
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        keymap, refused = validated_keymap(self.settings.keymap)
        self.settings = replace(self.settings, keymap=keymap)  # help and hints read this one
        if keymap:
            self.set_keymap({f"crisp.{key}": keys for key, keys in keymap.items()})
        for warning in (*self.settings.warnings, *refused, *self.signals.problems()):
            self.notify(warning, severity="warning", markup=False)
        if self.start_notice:
            self.notify(self.start_notice, severity="warning", markup=False)
        self.inbox.subscribe(lambda event: self.post_message(InboxUpdated(event)))
        self.app_suspend_signal.subscribe(self, lambda _app: self._save_drafts())
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            loop.add_signal_handler(signum, self._exit_on_signal, signum)

    async def on_unmount(self) -> None:
        gc.enable()  # an app that closed or failed before its first frame
        self.signals.restore_title()
        if self.live:
            await self.live.stop()
        loop = asyncio.get_running_loop()
        for signum in EXIT_SIGNALS:
            loop.remove_signal_handler(signum)
        await self.poller.stop()
        await self.inbox.stop()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast is literal, terminal-safe text: toasts quote Crisp's words, visitors'
        names and messages, and exceptions. While a confirmation is open it waits (notice_hold)."""
        notice = HeldNotice(
            clean(message, max_chars=_TOAST_CHARS),
            clean(title, max_chars=80, single_line=True),
            severity,
            timeout,
        )
        dialog = holder(self)
        if dialog is not None:
            dialog.held_notices.append(notice)
            return
        super().notify(
            notice.message,
            title=notice.title,
            severity=notice.severity,
            timeout=notice.timeout,
            markup=False,
        )

    def on_inbox_updated(self, message: InboxUpdated) -> None:
        if not self.screen_stack:  # an event that arrived while the app was closing
            return
        event = message.event
        if isinstance(event, Notice):
            severity = event.severity if event.severity in SEVERITIES else "information"
            self.notify(event.text, severity=severity)  # type: ignore[arg-type]
        elif isinstance(event, NewVisitorMessage):
            self._announce(event)
            self.signals.visitor_wrote(event)
        elif isinstance(event, SyncStatusChanged):
            self.sub_title = clean(self.inbox.status.website_name, max_chars=60, single_line=True)
        if isinstance(event, (ConversationsChanged, SyncStatusChanged)):
            self.signals.show_counts(recount=isinstance(event, ConversationsChanged))
        self.main.inbox_changed(event)

    def _announce(self, event: NewVisitorMessage) -> None:
        if self.settings.bell_on_new_message:
            self.bell()
        if self.settings.toast_on_new_message:
            name = clean(event.name, max_chars=60, single_line=True)
            excerpt = clean(event.excerpt, max_chars=200, single_line=True)
            self.notify(f"{name}: {excerpt}", title="New message")

    def _remember_theme(self, theme: Theme) -> None:
        """A theme picked in the palette is saved to the config file for the next start."""
        if theme.name != self.settings.theme:
            self.settings = replace(self.settings, theme=theme.name)
            self._save_theme(theme.name)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def _save_theme(self, name: str) -> None:
        try:
            save_setting("theme", name)
        except (OSError, ValueError) as error:
            self.call_from_thread(
                self.notify,
                f"The theme is not remembered: {error}",
                severity="warning",
            )

    def on_app_focus(self) -> None:
        self.inbox.set_activity(focused=True)

    def on_app_blur(self) -> None:
        self.inbox.set_activity(focused=False)

    def _save_drafts(self) -> int:
        """Write what is in the composer to the store; how many drafts the store refused."""
        return self.main.reply.save_before_exit() if self.screen_stack else 0

    def _exit_on_signal(self, signum: int) -> None:
        """A closed terminal (SIGHUP) or a kill (SIGTERM): save the draft, then exit."""
        if signum == signal.SIGHUP:
            self.terminal_closed()
            return
        self._save_drafts()
        self.exit(return_code=128 + signum)

    def terminal_closed(self) -> None:
        """The terminal is gone (SIGHUP, or found closed after `$EDITOR`): save the draft and
        exit as SIGHUP would, writing nothing more to it."""
        self._save_drafts()
        self.signals.terminal_closed()
        self.exit(return_code=128 + signal.SIGHUP)

    async def action_quit(self) -> None:
        """Quit, after saving the draft; asks for a second press when something would be lost
        or left waiting (replies still queued, drafts the store refused)."""
        unsaved = self._save_drafts()
        queued = len(self.inbox.unsent())
        now = time.monotonic()
        warned = self._quit_warned_at is not None and now - self._quit_warned_at < QUIT_AGAIN_S
        if (unsaved or queued) and not warned:
            self._quit_warned_at = now
            self.notify(
                quit_warning(queued=queued, unsaved=unsaved, key=key_hint("quit", keymap_of(self))),
                title="Quit?",
                severity="warning",
                timeout=10,
            )
            return
        self.exit()

    def _fatal_error(self) -> None:
        """Textual's crash report, without the local variables of each frame: they hold drafts,
        messages and SQL parameters (customer data) that must not reach the scrollback."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None)
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def action_switch_profile(self) -> None:
        """Pick another profile (website); the app restarts on it, each website keeping its own
        store (drafts, outbox, cache)."""
        from .screens.profile_picker import ProfilePicker

        names = self.settings.profiles
        if not names:
            self.notify(
                f"No profiles to switch to: add a [profiles.NAME] table to "
                f"{self.settings.config_path or 'the config file'} (see the README).",
                severity="warning",
            )
            return

        def picked(name: str | None) -> None:
            if name is not None and name != self.settings.profile:
                self._load_profile(name)

        self.push_screen(ProfilePicker(names, current=self.settings.profile), picked)

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def _load_profile(self, name: str) -> None:
        """Read the profile's settings and credentials (a key command may take a moment) before
        leaving this website; a problem is one sentence and the app stays where it is."""
        try:
            settings = load_settings(
                {"read_only": True} if self.settings.read_only else None, profile=name
            )
            if settings.token_id == self.settings.token_id and not (
                settings.token_key or settings.token_key_command
            ):  # the same token (its key left the environment at start): keep using it
                settings = replace(settings, token_key=self.settings.token_key)
            settings.credentials()
        except (ValueError, MissingCredentialsError) as error:
            self.call_from_thread(
                self.notify, f"Not switched to {name}: {error}", severity="warning"
            )
            return
        self.call_from_thread(self._restart_with, settings)

    def _restart_with(self, settings: Settings) -> None:
        self._save_drafts()
        self.next_settings = settings
        self.exit()

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # loaded on first use, not at start-up

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_refresh(self) -> None:
        self.main.run_inbox("refreshing", self.inbox.refresh, group="refresh")


def quit_warning(*, queued: int, unsaved: int, key: str) -> str:
    parts = []
    if queued:
        parts.append(
            f"{queued} repl{'ies are' if queued > 1 else 'y is'} still queued: "
            "they go out the next time crisp-tui runs online."
        )
    if unsaved:
        parts.append(
            f"{unsaved} draft{'s' if unsaved > 1 else ''} could not be saved and would be lost."
        )
    return " ".join([*parts, f"Press {key} again to quit."])


def _resume_gc() -> None:
    """After the first frame: freeze what start-up built (once a process), so later collections
    skip it, and let the collector run again."""
    if not gc.get_freeze_count():
        gc.freeze()
    gc.enable()


def create_app(
    settings: Settings,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    store_path: Path | None = None,
    clock: Clock = time.time,
    poll: bool = True,
    socket_transport: Callable[[], httpx.AsyncBaseTransport] | None = None,
    snippet_examples: bool = False,
) -> CrispApp:
    """The app for these settings; raises MissingCredentialsError before any request.
    `socket_transport` makes the live socket's transport (the emulator in process)."""
    inbox, notice = build_inbox(settings, transport=transport, store_path=store_path, clock=clock)
    return CrispApp(
        settings,
        inbox,
        clock=clock,
        start_notice=notice,
        poll=poll,
        socket_transport=socket_transport,
        snippet_examples=snippet_examples,
    )


def demo_app(settings: Settings) -> CrispApp:
    """The app on the emulator, in process: no port, no network, live visitors."""
    import httpx

    from ..emulator import (
        DEMO_TOKEN_ID,
        DEMO_TOKEN_KEY,
        DEMO_WEBSITE_ID,
        EmulatorSettings,
    )
    from ..emulator import create_app as create_emulator
    from ..inbox.store_file import store_path

    emulator = create_emulator(EmulatorSettings())
    # The demo agent is the first operator, so "mine", mentions and "assign to me" work.
    first_operator = emulator.state.emulator.world.operators[0]["details"]["user_id"]
    demo_settings = replace(
        settings,
        operator_id=first_operator,
        website_id=DEMO_WEBSITE_ID,
        token_id=DEMO_TOKEN_ID,
        token_key=DEMO_TOKEN_KEY,
        tier="plugin",
        api_url=DEMO_API_URL,
    )
    from httpx_ws.transport import ASGIWebSocketTransport

    app = create_app(
        demo_settings,
        transport=httpx.ASGITransport(app=emulator),
        store_path=store_path(DEMO_WEBSITE_ID, demo=True),
        socket_transport=lambda: ASGIWebSocketTransport(emulator),
        snippet_examples=True,
    )
    notices = (app.start_notice, _start_demo_over(app.inbox.store))
    app.start_notice = " ".join(notice for notice in notices if notice) or None
    return app


def _start_demo_over(store: Store) -> str | None:
    """The demo's world is new at every start: the previous run's cache would show as messages
    deleted, its queued replies would go out into conversations they were not written for."""
    try:
        returned = store.start_over()
    except StoreError as error:
        return str(error)
    if not returned:
        return None
    replies = "reply" if returned == 1 else "replies"
    return (
        f"{returned} {replies} queued in the previous demo run went back to the composer "
        "instead of out: the demo inbox starts afresh at every run."
    )


def run(settings: Settings, *, demo: bool = False) -> int:
    """Run the TUI until the agent quits; the exit code for the shell. Switching profile ends
    one app (its client, store and live socket closed) and starts the next on that website."""
    if "ESCDELAY" not in os.environ:
        constants.ESCAPE_DELAY = ESCAPE_DELAY_MS / 1000  # type: ignore[misc]
    while True:
        try:
            app = demo_app(settings) if demo else create_app(settings)
        except MissingCredentialsError as error:
            print(f"crisp-tui: {error} (To look around first: crisp-tui --demo)", file=sys.stderr)
            return 2
        app.run()
        if app.next_settings is None:
            return app.return_code or 0
        settings, demo = app.next_settings, False
