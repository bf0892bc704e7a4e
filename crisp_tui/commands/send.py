"""`message send S TEXT` and `note S TEXT`: a reply to the visitor, or a private note.

TEXT is one argument (quote it); `-` reads it from stdin. Everything that looks like a flag is
a flag (`message send S hi --json` sends "hi"); after `--` it is text (`message send S -- --json`
sends "--json"). The message is sent exactly once, even if the network fails half-way.
"""

from __future__ import annotations

import argparse

from ..crisp import Conversation, CrispClient
from ..untrusted import clean
from . import message_edit, render
from .base import (
    EXIT_DECLINED,
    Context,
    Subcommands,
    add_command,
    add_group,
    session_id,
    with_client,
)
from .confirming import confirmed, message_text, require_terminal_or_yes
from .output import Output


def _preview(conversation: Conversation, text: str, note: bool) -> str:
    who = render.visitor(conversation)
    session = render.one_line(conversation.session_id)
    if note:
        head = (
            f"Private note (not shown to the visitor) on the conversation with {who} ({session}):"
        )
    else:
        head = f"Reply to {who} ({session}):"
    body = "\n".join(f"{render.INDENT}{line}" for line in clean(text).splitlines())
    return f"{head}\n{body}"


async def _send(ctx: Context, client: CrispClient) -> int | None:
    args = ctx.args
    require_terminal_or_yes(args, "sending")
    text = message_text(args.text)
    conversation = await client.get_conversation(args.session)
    if not args.yes:
        Output.info(_preview(conversation, text, args.note))
        if not confirmed():
            Output.info("Not sent.")
            return EXIT_DECLINED
    fingerprint = await client.send_message(args.session, text, note=args.note)
    who, fingerprinted = render.visitor(conversation), f"(fingerprint {fingerprint})"
    ctx.out.result(
        {
            "session_id": args.session,
            "type": "note" if args.note else "text",
            "fingerprint": fingerprint,
        },
        # A note goes to the team: naming the visitor as its recipient would say the opposite.
        lambda: (
            f"Added the private note to the conversation with {who} {fingerprinted}."
            if args.note
            else f"Sent the reply to {who} {fingerprinted}."
        ),
    )
    return None


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", metavar="S", type=session_id, help="the session id")
    parser.add_argument("text", metavar="TEXT|-", help="the message (quoted); - reads stdin")
    parser.add_argument("--yes", action="store_true", help="send without asking")


_EPILOG = """\
TEXT is one argument: quote it. Flags anywhere are flags (`S "hi" --json` sends "hi");
after -- everything is text (`S -- --json` sends "--json").
On a terminal you are shown what goes to whom and asked to confirm; elsewhere --yes is needed.
Answering no exits with status 3: nothing was sent.
"""


def register(commands: Subcommands) -> None:
    group = add_group(commands, "message", "send a message")
    send = add_command(
        group, "send", "send a reply to the visitor", with_client(_send), epilog=_EPILOG
    )
    _add_arguments(send)
    message_edit.register(group)
    send.add_argument(
        "--note", action="store_true", help="a private note for operators instead of a reply"
    )
    note = add_command(
        commands,
        "note",
        "leave a private note for operators (message send --note)",
        with_client(_send),
        epilog=_EPILOG,
    )
    _add_arguments(note)
    note.set_defaults(note=True)
