"""`message edit S FINGERPRINT TEXT|-` and `message delete S FINGERPRINT`: change one of your own
messages, with the confirmation rules of `message send`.

The message is read first: only an operator message that is the agent's (no `user_id`, or the
configured `operator_id`) can be changed, and only a text message or a note can be edited.
"""

from __future__ import annotations

import argparse

from ..crisp import Conversation, CrispClient, Message
from ..crisp.errors import NotFoundError
from ..inbox.message_edits import refusal
from ..untrusted import clean
from . import render
from .base import (
    EXIT_DECLINED,
    Context,
    Subcommands,
    UsageError,
    add_command,
    session_id,
    with_client,
)
from .confirming import confirmed, message_text, require_terminal_or_yes
from .output import Output


def _fingerprint(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a message fingerprint") from None


async def _own_message(ctx: Context, client: CrispClient, *, edit: bool) -> Message:
    """The message, once it is known to be one the agent may change."""
    args = ctx.args
    message = await client.get_message(args.session, args.fingerprint)
    if message is None:
        raise NotFoundError(
            f"Crisp has no message {args.fingerprint} in that conversation: check the session "
            "id and the fingerprint (`crisp-tui messages get S` lists them).",
            status=404,
            reason="not_found",
        )
    why_not = refusal(message, ctx.settings.operator_id or None, edit=edit)
    if why_not:
        raise UsageError(f"{why_not} Nothing was changed.")
    return message


def _kind(message: Message) -> str:
    return "private note" if message.is_note else "reply"


def _indented(text: str) -> str:
    return "\n".join(f"{render.INDENT * 2}{line}" for line in clean(text).splitlines())


def _head(verb: str, message: Message, conversation: Conversation) -> str:
    who = render.visitor(conversation)
    session = render.one_line(conversation.session_id)
    where = "on the conversation with" if message.is_note else "to"
    seen = " (not shown to the visitor)" if message.is_note else ""
    return f"{verb} your {_kind(message)}{seen} {where} {who} ({session}):"


async def _edit(ctx: Context, client: CrispClient) -> int | None:
    args = ctx.args
    require_terminal_or_yes(args, "editing")
    text = message_text(args.text, nothing_done="nothing was changed")
    message = await _own_message(ctx, client, edit=True)
    conversation = await client.get_conversation(args.session)
    if not args.yes:
        before = message.content if isinstance(message.content, str) else ""
        Output.info(
            f"{_head('Edit', message, conversation)}\n{render.INDENT}was:\n{_indented(before)}"
            f"\n{render.INDENT}becomes:\n{_indented(text)}"
        )
        if not confirmed("Edit it?"):
            Output.info("Not changed.")
            return EXIT_DECLINED
    await client.edit_message(args.session, args.fingerprint, text)
    ctx.out.result(
        {"session_id": args.session, "fingerprint": args.fingerprint, "edited": True},
        lambda: f"Edited the {_kind(message)} (fingerprint {args.fingerprint}).",
    )
    return None


async def _delete(ctx: Context, client: CrispClient) -> int | None:
    args = ctx.args
    require_terminal_or_yes(args, "deleting")
    message = await _own_message(ctx, client, edit=False)
    conversation = await client.get_conversation(args.session)
    if not args.yes:
        shown = message.content if isinstance(message.content, str) else f"({message.type})"
        Output.info(f"{_head('Delete', message, conversation)}\n{_indented(shown)}")
        if not confirmed("Delete it?"):
            Output.info("Not deleted.")
            return EXIT_DECLINED
    await client.delete_message(args.session, args.fingerprint)
    ctx.out.result(
        {"session_id": args.session, "fingerprint": args.fingerprint, "deleted": True},
        lambda: f"Deleted the {_kind(message)} (fingerprint {args.fingerprint}).",
    )
    return None


_EPILOG = """\
Only your own messages: an operator message sent with this token, or by CRISP_OPERATOR_ID.
On a terminal you are shown the change and asked to confirm; elsewhere --yes is needed.
Answering no exits with status 3: nothing was changed.
"""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("session", metavar="S", type=session_id, help="the session id")
    parser.add_argument(
        "fingerprint", metavar="FINGERPRINT", type=_fingerprint, help="the message's fingerprint"
    )


def register(group: Subcommands) -> None:
    """Under `message`, beside `send`."""
    edit = add_command(
        group, "edit", "replace the text of one of your messages", with_client(_edit)
    )
    edit.epilog = _EPILOG + "TEXT is one argument (quote it); - reads stdin.\n"
    _common(edit)
    edit.add_argument("text", metavar="TEXT|-", help="the new text (quoted); - reads stdin")
    edit.add_argument("--yes", action="store_true", help="edit without asking")
    delete = add_command(
        group, "delete", "delete one of your messages", with_client(_delete), epilog=_EPILOG
    )
    _common(delete)
    delete.add_argument("--yes", action="store_true", help="delete without asking")
