"""The `crisp-tui` sub-commands: one module per command group, plus shared helpers."""

from __future__ import annotations

from . import (
    assistant,
    attachments,
    cache,
    conversation,
    draft,
    inbox,
    listen,
    local,
    messages,
    operators,
    send,
    snippets,
)
from .base import Context, Subcommands, UsageError

__all__ = ["Context", "UsageError", "register_all"]


def register_all(commands: Subcommands) -> None:
    for module in (
        inbox,
        conversation,
        messages,
        send,
        attachments,
        draft,
        snippets,
        assistant,
        operators,
        cache,
        local,
        listen,
    ):
        module.register(commands)
