"""`messages get S`: the newest messages of a conversation, oldest first."""

from __future__ import annotations

import asyncio

from ..crisp import CrispClient, Message
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


async def _messages(ctx: Context, client: CrispClient) -> tuple[list[Message], bool]:
    args = ctx.args
    if args.max is None:
        batch = await client.get_messages(args.session, args.before)
        return list(batch.messages), batch.has_more
    return await client.walk_messages(args.session, args.max, args.before)


async def _visitor_name(ctx: Context, client: CrispClient) -> str:
    """The contact's current name, for people (not for --json: it costs a request)."""
    if ctx.out.json_mode:
        return ""
    return (await client.get_conversation(ctx.args.session)).visitor_name


async def _get(ctx: Context, client: CrispClient) -> None:
    (found, has_more), visitor_name = await asyncio.gather(
        _messages(ctx, client), _visitor_name(ctx, client)
    )

    def human() -> str:
        text = render.messages(found, visitor_name)
        if has_more and found:
            # +1: `--before` is exclusive, and a message may share the oldest one's millisecond.
            text += f"\n\nOlder messages remain: add --before {found[0].timestamp + 1}"
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
