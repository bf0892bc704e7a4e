"""`conversation get|read|unread|resolve|unresolve|pending|assign S`."""

from __future__ import annotations

from ..crisp import CrispClient
from . import render
from .base import (
    Context,
    Handler,
    Subcommands,
    add_command,
    add_group,
    operator_id,
    session_id,
    with_client,
)

_STATE_COMMANDS = {
    "resolve": ("resolved", "mark it resolved"),
    "unresolve": ("unresolved", "reopen it (unresolved)"),
    "pending": ("pending", "mark it pending"),
}


async def _get(ctx: Context, client: CrispClient) -> None:
    found = await client.get_conversation(ctx.args.session)
    ctx.out.result(found.raw, lambda: render.conversation(found, ctx.now_ms))


def _done(ctx: Context, data: dict[str, object], sentence: str) -> None:
    """Report a finished action: a small JSON object, or a sentence."""
    ctx.out.result({"session_id": ctx.args.session, **data}, lambda: sentence)


async def _read(ctx: Context, client: CrispClient) -> None:
    await client.mark_read(ctx.args.session)
    _done(ctx, {"read": True}, f"Marked {render.one_line(ctx.args.session)} as read.")


async def _unread(ctx: Context, client: CrispClient) -> None:
    await client.mark_unread(ctx.args.session)
    _done(ctx, {"unread": True}, f"Marked {render.one_line(ctx.args.session)} as unread.")


def _set_state(state: str) -> Handler:
    async def action(ctx: Context, client: CrispClient) -> None:
        await client.set_state(ctx.args.session, state)
        _done(ctx, {"state": state}, f"{render.one_line(ctx.args.session)} is now {state}.")

    return with_client(action)


def _assignee(ctx: Context) -> str | None:
    who = ctx.args.operator
    if who.lower() == "me":
        return ctx.operator_id()
    return None if who.lower() == "none" else who


async def _assign(ctx: Context, client: CrispClient) -> None:
    user_id = _assignee(ctx)
    await client.assign(ctx.args.session, user_id)
    session = render.one_line(ctx.args.session)
    if user_id:
        sentence = f"Assigned {session} to {render.one_line(user_id)}."
    else:
        sentence = f"Unassigned {session}."
    _done(ctx, {"assigned": user_id}, sentence)


def register(commands: Subcommands) -> None:
    group = add_group(commands, "conversation", "one conversation: show it or act on it")
    parsers = [
        add_command(group, "get", "show a conversation and its visitor", with_client(_get)),
        add_command(group, "read", "mark the visitor's messages as read", with_client(_read)),
        add_command(group, "unread", "mark the conversation as unread", with_client(_unread)),
        *(
            add_command(group, name, help, _set_state(state))
            for name, (state, help) in _STATE_COMMANDS.items()
        ),
    ]
    assign = add_command(
        group,
        "assign",
        "assign to an operator, to yourself (me, needs CRISP_OPERATOR_ID) or to nobody (none)",
        with_client(_assign),
    )
    parsers.append(assign)
    for parser in parsers:
        parser.add_argument("session", metavar="S", type=session_id, help="the session id")
    assign.add_argument(
        "operator", metavar="OPERATOR_ID|me|none", type=operator_id, help="who to assign it to"
    )
