"""The command palette: every action of the registry, by name (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .bindings import COMMANDS, WRITE_ACTIONS, Command, action_name


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

    def _title(self, command: Command) -> str:
        settings = getattr(self.app, "settings", None)  # None in a bare App (tests)
        keys = command.keys_for(settings.keymap if settings else None)
        return f"{command.help.rstrip('.')} ({keys})"

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(self._title(command), partial(self._run, command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            title = self._title(command)
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, command), help=command.help
                )
