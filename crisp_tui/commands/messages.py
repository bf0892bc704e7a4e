"""`messages get S`: the newest messages of a conversation, oldest first."""

from __future__ import annotations

from ..crisp import CrispClient
from . import render
from .base import (
    Context,
    Subcommands,
    add_command,
    add_group,
    positive_int,
    session_id,
    with_client,
)


async def _get(ctx: Context, client: CrispClient) -> None:
    args = ctx.args
    if args.max is None:
        batch = await client.get_messages(args.session, args.before)
        found, has_more = list(batch.messages), batch.has_more
    else:
        found, has_more = await client.walk_messages(args.session, args.max, args.before)

    def human() -> str:
        text = render.messages(found)
        if has_more and found:
            text += f"\n\nOlder messages remain: add --before {found[0].timestamp}"
        return text

    ctx.out.result([m.raw for m in found], human)


def register(commands: Subcommands) -> None:
    group = add_group(commands, "messages", "the messages of a conversation")
    parser = add_command(group, "get", "show the newest messages, oldest first", with_client(_get))
    parser.add_argument("session", metavar="S", type=session_id, help="the session id")
    parser.add_argument(
        "--max",
        type=positive_int,
        metavar="N",
        help="the newest N messages, walking back as far as needed (default: one batch)",
    )
    parser.add_argument(
        "--before",
        type=positive_int,
        metavar="MS",
        help="only messages older than this timestamp (ms since the epoch)",
    )
