"""`inbox list` and `conversations search`: pages of conversations, filtered."""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable

from ..crisp import Conversation, ConversationQuery, CrispClient
from ..inbox.views import NEEDS_ME, View
from . import render
from .base import Context, Subcommands, add_command, add_group, positive_int, with_client

FILTERS = ("all", "unread", "unresolved", "resolved", "assigned", "unassigned", "mine", "mentions")
# Filters Crisp cannot apply itself are applied here, reading at most this many pages.
LOCAL_FILTER_PAGES = 10

Keep = Callable[[Conversation], bool]


def _query(ctx: Context, name: str, search: str) -> tuple[ConversationQuery, Keep | None]:
    """The app's view of the same name asks Crisp; "assigned" (to anyone) is not one, and a
    plugin token's mention filter is checked here against the operator."""
    if name == "assigned":
        return ConversationQuery(search), lambda c: c.assigned_user_id is not None
    view = View("open" if name == "unresolved" else name, search)
    me = ctx.operator_id() if name in NEEDS_ME else None
    keep = (lambda c: view.accepts(c, me)) if name == "mentions" else None
    return view.api_query(me), keep


async def collect(
    client: CrispClient,
    query: ConversationQuery,
    keep: Keep | None,
    page: int,
    limit: int | None,
) -> list[Conversation]:
    """Page `page`; with a limit, the following pages too until `limit` conversations."""
    if limit is None:
        batch = await client.list_conversations(page, query)
        return [c for c in batch if keep is None or keep(c)]
    per_page = max(20, min(50, limit))
    found: list[Conversation] = []
    for number in itertools.count(page):
        batch = await client.list_conversations(number, query, per_page=per_page)
        found += [c for c in batch if keep is None or keep(c)]
        scanned_enough = keep is not None and number + 1 - page >= LOCAL_FILTER_PAGES
        if len(batch) < per_page or len(found) >= limit or scanned_enough:
            break
    return found[:limit]


async def _list(ctx: Context, client: CrispClient, search: str = "") -> None:
    args = ctx.args
    query, keep = _query(ctx, args.filter, search)
    found = await collect(client, query, keep, args.page, args.max)
    ctx.out.result(
        [c.raw for c in found],
        lambda: render.conversations(found, ctx.now_ms, ctx.out.width),
    )


async def _search(ctx: Context, client: CrispClient) -> None:
    await _list(ctx, client, ctx.args.query)


def _add_paging(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--filter", choices=FILTERS, default="all", help="which conversations (default: all)"
    )
    parser.add_argument(
        "--page", type=positive_int, default=1, metavar="N", help="page to start at (from 1)"
    )
    parser.add_argument(
        "--max",
        type=positive_int,
        metavar="N",
        help="at most N conversations, reading following pages as needed (default: one page)",
    )


_FILTER_HELP = f"""\
filters:
  mine, mentions   need CRISP_OPERATOR_ID (see `crisp-tui operators`)
  assigned         assigned to anyone; checked here, over at most {LOCAL_FILTER_PAGES} pages
"""


def register(commands: Subcommands) -> None:
    inbox = add_group(commands, "inbox", "the inbox: newest activity first")
    parser = add_command(
        inbox, "list", "list conversations", with_client(_list), epilog=_FILTER_HELP
    )
    _add_paging(parser)

    conversations = add_group(commands, "conversations", "search conversations")
    parser = add_command(
        conversations,
        "search",
        "search conversations by visitor name, email or message text",
        with_client(_search),
        epilog=_FILTER_HELP,
    )
    parser.add_argument("query", metavar="QUERY", help="text to look for")
    _add_paging(parser)
