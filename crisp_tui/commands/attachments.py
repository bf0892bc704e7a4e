"""`file send S PATH`: send a file to the visitor, through Crisp's upload flow (crisp/uploads.py).

The same confirmation rules as `message send`: on a terminal it shows who gets which file (name,
size, type) and asks; elsewhere `--yes` is needed; no is exit status 3. A live socket is held
open for the upload (Crisp sends the upload address over it). The `file` message is posted at
most once: an unknown outcome is looked up, never posted again.
"""

from __future__ import annotations

from pathlib import Path

from ..crisp import Conversation, CrispClient
from ..crisp.errors import FileTransferError, ReadOnlyError
from ..crisp.files import human_size
from ..crisp.uploads import LocalFile, live_socket, read_local_file, upload
from ..untrusted import clean
from . import render
from .base import (
    EXIT_DECLINED,
    Context,
    Subcommands,
    UsageError,
    add_command,
    add_group,
    session_id,
    with_client,
)
from .confirming import confirmed, require_terminal_or_yes
from .output import Output


def describe(file: LocalFile) -> str:
    """`report.pdf (12.4 KB, application/pdf)`, cleaned for the terminal."""
    name = clean(file.name, single_line=True, max_chars=200)
    return f"{name} ({human_size(file.size)}, {file.mime_type})"


def _preview(conversation: Conversation, file: LocalFile) -> str:
    who = render.visitor(conversation)
    session = render.one_line(conversation.session_id)
    return f"File to {who} ({session}):\n{render.INDENT}{describe(file)}"


async def _send(ctx: Context, client: CrispClient) -> int | None:
    args = ctx.args
    if ctx.settings.read_only:  # before the live socket is even opened
        raise ReadOnlyError()
    require_terminal_or_yes(args, "sending")
    try:
        file = read_local_file(Path(args.path))
    except FileTransferError as error:
        raise UsageError(f"{error} Nothing was sent.") from None
    conversation = await client.get_conversation(args.session)
    if not args.yes:
        Output.info(_preview(conversation, file))
        if not confirmed():
            Output.info("Not sent.")
            return EXIT_DECLINED
    async with live_socket(client) as socket:
        url = await upload(client, socket, file)
    content = {"name": file.name, "url": url, "type": file.mime_type}
    fingerprint = await client.send_file(args.session, content)
    ctx.out.result(
        {
            "session_id": args.session,
            "type": "file",
            "fingerprint": fingerprint,
            "content": content,
        },
        lambda: (
            f"Sent {describe(file)} to {render.visitor(conversation)} (fingerprint {fingerprint})."
        ),
    )
    return None


_EPILOG = """\
On a terminal you are shown who gets which file (name, size, type) and asked to confirm;
elsewhere --yes is needed. Answering no exits with status 3: nothing was sent.
The upload needs Crisp's live connection, which is opened for it.
"""


def register(commands: Subcommands) -> None:
    group = add_group(commands, "file", "send a file")
    send = add_command(
        group, "send", "send a file to the visitor", with_client(_send), epilog=_EPILOG
    )
    send.add_argument("session", metavar="S", type=session_id, help="the session id")
    send.add_argument("path", metavar="PATH", help="the file to send")
    send.add_argument("--yes", action="store_true", help="send without asking")
