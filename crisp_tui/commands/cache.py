"""`cache clear`: empty the local cache of the website; drafts and queued replies stay."""

from __future__ import annotations

from .base import Context, Subcommands, add_command, add_group, local_store


def _clear(ctx: Context) -> None:
    with local_store(ctx) as store:
        cleared = store.count_conversations()
        store.clear()
    result = {"cleared_conversations": cleared, "path": str(store.path)}
    ctx.out.result(
        result,
        lambda: (
            f"Cleared {cleared} cached conversations from {store.path}; "
            "drafts and queued replies are kept."
        ),
    )


def register(commands: Subcommands) -> None:
    group = add_group(commands, "cache", "the local cache (conversations, messages, search index)")
    add_command(group, "clear", "empty the cache; drafts and queued replies are kept", _clear)
