"""`operators`: who can be assigned, and the id to put in CRISP_OPERATOR_ID."""

from __future__ import annotations

from ..crisp import CrispClient
from . import render
from .base import Context, Subcommands, add_command, with_client


async def _list(ctx: Context, client: CrispClient) -> None:
    found = await client.list_operators()
    me = ctx.settings.operator_id
    ctx.out.result([o.raw for o in found], lambda: render.operators(found, me, ctx.out.width))


def register(commands: Subcommands) -> None:
    add_command(
        commands,
        "operators",
        "list the website's operators and their user ids (for CRISP_OPERATOR_ID)",
        with_client(_list),
    )
