"""`context S --json` and `mcp`: the inbox for an assistant (read, and propose; never send)."""

from __future__ import annotations

import asyncio

from ..crisp import CrispClient
from .base import (
    Context,
    Subcommands,
    UsageError,
    add_command,
    int_at_least,
    local_store,
    session_id,
    with_client,
)
from .output import Output


async def _context(ctx: Context, client: CrispClient) -> None:
    from ..assistant.context import conversation_context
    from ..assistant.reader import InboxReader

    with local_store(ctx) as store:
        reader = InboxReader(client, store, me=ctx.settings.operator_id or None)
        data = await conversation_context(reader, ctx.args.session, ctx.args.messages)
    Output(json_mode=True).result(data, str)  # JSON whether or not --json is given


def _mcp(ctx: Context) -> None:
    try:
        from ..assistant.server import serve
    except ImportError as error:  # pragma: no cover - `mcp` is a dependency
        raise UsageError(f"The MCP server needs the `mcp` package ({error.name}).") from None
    ctx.settings.credentials()  # a missing key is one sentence before the client connects
    asyncio.run(serve(ctx.settings))


_MCP_EPILOG = """\
Register it with an MCP client (Claude Desktop, an IDE…) as the command `crisp-tui mcp`; it reads
the same settings, credentials and local cache as the app. Tools: list_conversations,
get_conversation, get_older_messages, search_conversations, list_operators, propose_reply,
propose_note. None sends, changes a state or assigns; --read-only also withholds the propose tools.
"""


def register(commands: Subcommands) -> None:
    context = add_command(
        commands,
        "context",
        "one conversation, the visitor's profile and recent messages as one JSON object",
        with_client(_context),
    )
    context.add_argument("session", metavar="S", type=session_id, help="the session id")
    context.add_argument(
        "--messages",
        type=int_at_least(1),
        default=20,
        metavar="N",
        help="how many of the newest messages (default 20, at most 200)",
    )
    add_command(
        commands,
        "mcp",
        "serve the inbox to an AI assistant over MCP (stdio): read and propose, never send",
        _mcp,
        json_flag=False,
        epilog=_MCP_EPILOG,
    )
