"""`conversation get S`, and `conversation read|unread|resolve|unresolve|pending|assign S…`:
one id uses the conversation's own route, several use Crisp's batch routes (commands/bulk.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from ..crisp import CrispClient
from ..crisp.batch import distinct
from . import bulk, render
from .base import (
    ApiAction,
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


def _done(ctx: Context, session: str, data: dict[str, object], sentence: str) -> None:
    """Report a finished action: a small JSON object, or a sentence."""
    ctx.out.result({"session_id": session, **data}, lambda: sentence)


def _action(
    single: Callable[[CrispClient, str], Awaitable[None]],
    many: bulk.Send,
    data: dict[str, object],
    sentence: Callable[[str], str],
) -> ApiAction:
    """One id: its own route and a small object; several: the batch and one result each."""

    async def action(ctx: Context, client: CrispClient) -> int | None:
        ids = distinct(ctx.args.sessions)
        if len(ids) > 1:
            return await bulk.run(ctx, client, ids, many, data, sentence)
        await single(client, ids[0])
        _done(ctx, ids[0], data, sentence(render.one_line(ids[0])))
        return None

    return action


def _read(read: bool) -> Handler:
    return with_client(
        _action(
            (lambda c, s: c.mark_read(s)) if read else (lambda c, s: c.mark_unread(s)),
            bulk.mark(read),
            {"read": True} if read else {"unread": True},
            lambda session: f"Marked {session} as {'read' if read else 'unread'}.",
        )
    )


def _set_state(state: str) -> Handler:
    return with_client(
        _action(
            lambda client, session: client.set_state(session, state),
            bulk.set_state(state),
            {"state": state},
            lambda session: f"{session} is now {state}.",
        )
    )


def _assignee(ctx: Context) -> str | None:
    who = ctx.args.operator
    if who.lower() == "me":
        return ctx.operator_id()
    return None if who.lower() == "none" else who


async def _assign(ctx: Context, client: CrispClient) -> int | None:
    user_id = _assignee(ctx)
    if user_id:
        who = render.one_line(user_id)
        sentence: Callable[[str], str] = lambda session: f"Assigned {session} to {who}."  # noqa: E731
    else:
        sentence = lambda session: f"Unassigned {session}."  # noqa: E731
    act = _action(
        lambda c, s: c.assign(s, user_id), bulk.assign(user_id), {"assigned": user_id}, sentence
    )
    return await act(ctx, client)


def register(commands: Subcommands) -> None:
    group = add_group(commands, "conversation", "one conversation: show it or act on it")
    get = add_command(group, "get", "show a conversation and its visitor", with_client(_get))
    get.add_argument("session", metavar="S", type=session_id, help="the session id")
    several = " (several ids: one batch request)"
    parsers = [
        add_command(group, "read", "mark the visitor's messages as read" + several, _read(True)),
        add_command(group, "unread", "mark the conversation as unread" + several, _read(False)),
        *(
            add_command(
                group,
                name,
                help + (" (several ids: one request each)" if state == "pending" else several),
                _set_state(state),
            )
            for name, (state, help) in _STATE_COMMANDS.items()
        ),
    ]
    assign = add_command(
        group,
        "assign",
        "assign to an operator, to yourself (me, needs CRISP_OPERATOR_ID) or to nobody (none)"
        + several,
        with_client(_assign),
    )
    parsers.append(assign)
    for parser in parsers:
        parser.add_argument(
            "sessions", metavar="S", nargs="+", type=session_id, help="the session id(s)"
        )
    assign.add_argument(
        "operator", metavar="OPERATOR_ID|me|none", type=operator_id, help="who to assign it to"
    )
