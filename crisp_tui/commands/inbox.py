"""`inbox list` and `conversations search`: pages of conversations, filtered."""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable

from ..crisp import Conversation, ConversationQuery, CrispClient
from ..inbox.views import BUILTIN, View, find_view, list_inboxes, view_table
from ..untrusted import clean
from ..view_spec import BUILTIN_VIEWS, ViewSpec
from . import render
from .base import (
    Context,
    Subcommands,
    UsageError,
    add_command,
    add_group,
    positive_int,
    with_client,
)

FILTERS = tuple(view.name for view in BUILTIN_VIEWS)
# Filters Crisp cannot apply itself are applied here, reading at most this many pages.
LOCAL_FILTER_PAGES = 10

Keep = Callable[[Conversation], bool]


async def _view(ctx: Context, client: CrispClient) -> ViewSpec:
    """The view `--view` names (built-in, saved in the config file, or a Crisp inbox: only then
    are the inboxes listed), else the `--filter` one (all by default)."""
    name = ctx.args.view
    if name is None:
        return BUILTIN[ctx.args.filter]
    views = view_table(ctx.settings.views)
    found = find_view(views, name)
    if found is None:
        views = view_table(ctx.settings.views, await list_inboxes(client))
        found = find_view(views, name)
    if found is None:
        names = ", ".join(clean(view.name, max_chars=40, single_line=True) for view in views)
        raise UsageError(f"There is no view {clean(name, max_chars=40)!r}: use one of {names}.")
    return found


def _query(ctx: Context, spec: ViewSpec, search: str) -> tuple[ConversationQuery, Keep | None]:
    """The view's query to Crisp, and what is checked here of what Crisp cannot filter
    ("assigned to someone", one open state, a plugin token's mentions)."""
    view = View(spec, search)
    me = ctx.operator_id() if spec.needs_me else None
    keep = (lambda c: view.accepts(c, me)) if view.checks_locally else None
    return view.api_query(me, spec.sort or "updated"), keep


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
    query, keep = _query(ctx, await _view(ctx, client), search)
    found = await collect(client, query, keep, args.page, args.max)
    ctx.out.result(
        [c.raw for c in found],
        lambda: render.conversations(found, ctx.now_ms, ctx.out.width),
    )


async def _search(ctx: Context, client: CrispClient) -> None:
    await _list(ctx, client, ctx.args.query)


def _add_paging(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--filter", choices=FILTERS, default="all", help="which conversations (default: all)"
    )
    which.add_argument(
        "--view",
        metavar="NAME",
        help="a view of the app: built-in, saved in the config file, or a Crisp inbox's name",
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
filters and views:
  mine, mentions   need CRISP_OPERATOR_ID (see `crisp-tui operators`)
  assigned         assigned to anyone; checked here, over at most {LOCAL_FILTER_PAGES} pages
  --view NAME      any tab of the app: {", ".join(v.name for v in BUILTIN_VIEWS if v.tab)},
                   the [[views]] of the config file, or a Crisp inbox by name
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
