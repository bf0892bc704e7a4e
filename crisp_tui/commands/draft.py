"""`draft propose|list|drop`: proposals for the agent, kept in the local store; never sent.

A proposal shows in every running crisp-tui of the website within a second; the agent takes it
into the composer (and sends it through the usual confirmation) or dismisses it. No Crisp
request is made: only CRISP_WEBSITE_ID is needed (it names the local store).
"""

from __future__ import annotations

import sys
from dataclasses import asdict

from . import render
from .base import (
    Context,
    Subcommands,
    UsageError,
    add_command,
    add_group,
    local_store,
    session_id,
)

DEFAULT_AUTHOR = "command line"


def _propose(ctx: Context) -> None:
    from ..inbox.proposals import ProposalError, propose

    args = ctx.args
    text = sys.stdin.read() if args.text == "-" else args.text
    kind = "note" if args.note else "reply"
    with local_store(ctx) as store:
        try:
            proposal = propose(
                store, args.session, text, kind=kind, author=args.by, now_ms=ctx.now_ms
            )
        except ProposalError as error:
            raise UsageError(str(error)) from None
    ctx.out.result(
        asdict(proposal),
        lambda: (
            f"Proposed a {'private note' if args.note else 'reply'} for "
            f"{render.one_line(args.session)}: the agent takes it into the composer or "
            "dismisses it in crisp-tui."
        ),
    )


def _list(ctx: Context) -> None:
    with local_store(ctx) as store:
        proposals = store.proposals()

    def human() -> str:
        if not proposals:
            return "No proposals."
        return "\n".join(
            f"{render.one_line(p.session_id)}  {p.kind:<5}  {render.one_line(p.author)}  "
            f"{render.one_line(p.text)[:60]}"
            for p in proposals
        )

    ctx.out.result([asdict(p) for p in proposals], human)


def _drop(ctx: Context) -> None:
    session = ctx.args.session
    with local_store(ctx) as store:
        dropped = store.drop_proposals(session)
    ctx.out.result(
        {"session_id": session, "dropped": dropped},
        lambda: f"Dropped {dropped} proposal(s) for {render.one_line(session)}.",
    )


def register(commands: Subcommands) -> None:
    group = add_group(
        commands, "draft", "propose a reply or note for the agent to review (never sent)"
    )
    propose = add_command(
        group,
        "propose",
        "propose a reply (or --note) for a conversation; the agent sees it in crisp-tui",
        _propose,
        epilog="TEXT is one argument (quote it); - reads stdin. Nothing is sent to Crisp.",
    )
    propose.add_argument("session", metavar="S", type=session_id, help="the session id")
    propose.add_argument("text", metavar="TEXT|-", help="the proposed text; - reads stdin")
    propose.add_argument("--note", action="store_true", help="propose a private note")
    propose.add_argument(
        "--by", default=DEFAULT_AUTHOR, metavar="NAME", help="who proposes it (shown to the agent)"
    )
    add_command(group, "list", "list the proposals waiting for the agent", _list)
    drop = add_command(group, "drop", "drop the proposals for a conversation", _drop)
    drop.add_argument("session", metavar="S", type=session_id, help="the session id")
