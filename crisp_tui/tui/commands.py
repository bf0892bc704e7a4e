"""The command palette: every action of the registry by its one name (ctrl+p), and nothing else
(Textual's own entries are left out: the registry has quit, help and the theme)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..view_spec import ViewSpec
from .bindings import COMMANDS, TAB_VIEWS, WRITE_ACTIONS, Command, action_name, keymap_of
from .safe_text import safe


class CrispCommands(Provider):
    def _commands(self) -> list[Command]:
        settings = getattr(self.app, "settings", None)  # None in a bare App (tests)
        read_only = bool(settings and settings.read_only)
        return [
            command
            for command in COMMANDS
            if command.palette
            and command.scope != "composer"
            and not (read_only and action_name(command.action) in WRITE_ACTIONS)
        ]

    def _run(self, command: Command) -> None:
        action = f"app.{command.action}" if command.scope == "app" else command.action
        self.app.call_later(self.screen.run_action, action)

    def _help(self, command: Command) -> str:
        keys = command.keys_for(keymap_of(self.app))
        return f"{keys} · {command.help}" if keys else command.help

    def _views(self) -> list[ViewSpec]:
        """Views beyond the built-in tabs (saved, Crisp inboxes): their names are shown as
        text, never read as markup (an inbox name comes from Crisp)."""
        inbox = getattr(self.app, "inbox", None)
        builtin = {view.name for view in TAB_VIEWS}
        views = inbox.views if inbox is not None else ()
        return [view for view in views if view.tab and view.name not in builtin]

    def _show_view(self, view: ViewSpec) -> None:
        self.app.call_later(self.screen.run_action, f"filter({view.name!r})")

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                command.description, partial(self._run, command), help=self._help(command)
            )
        for view in self._views():
            title = safe(f"View: {view.title}", single_line=True)
            yield DiscoveryHit(title, partial(self._show_view, view), help=view.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            help = self._help(command)
            score = max(matcher.match(command.description), matcher.match(help) * 0.5)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.description),
                    partial(self._run, command),
                    help=help,
                )
        for view in self._views():
            score = matcher.match(f"View: {view.title}")
            if score > 0:
                title = safe(f"View: {view.title}", single_line=True)
                yield Hit(score, title, partial(self._show_view, view), help=view.help)
