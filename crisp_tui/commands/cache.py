"""`cache clear`: empty the local cache of the website; drafts and queued replies stay."""

from __future__ import annotations

from .base import Context, Subcommands, UsageError, add_command, add_group


def _clear(ctx: Context) -> None:
    from ..inbox.store import Store

    website_id = ctx.settings.website_id
    if not website_id:
        raise UsageError("CRISP_WEBSITE_ID is not set: it names the website whose cache to clear.")
    store, notice = Store.for_website(website_id)
    with store:
        if store.path is None:  # the file could not be opened: nothing on disk was cleared
            raise UsageError(notice or "The cache file could not be opened.")
        if notice:
            ctx.out.info(notice)
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
