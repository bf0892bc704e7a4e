"""The command palette: every action of the registry, by name (ctrl+p)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

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
            title = Content(self._title(command))  # literal: keys come from the config file
            yield DiscoveryHit(title, partial(self._run, command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            title = self._title(command)
            score = matcher.match(title)
            if score > 0:
                run = partial(self._run, command)
                yield Hit(score, _highlight(matcher, title), run, help=command.help)


def _highlight(matcher: Matcher, title: str) -> Content:
    """`title` as literal text with the matched letters styled (Matcher.highlight would parse it
    as markup)."""
    content = Content(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
