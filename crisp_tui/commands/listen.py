"""`listen`: Crisp's live events (RTM) as they happen, until ^C (exit 130).

`--json` prints one JSON object per line (`{"event": name, "data": payload}`, NDJSON); the human
form is one cleaned line per event. Connection news goes to stderr; a refused token exits 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from ..crisp import CrispClient
from ..crisp.errors import AuthenticationError
from ..crisp.live import LiveSocket, LiveStatus
from ..crisp.live_events import CRISP_EVENTS, INBOX_EVENTS, LiveEvent
from .base import Context, Subcommands, add_command, with_client
from .output import print_json
from .render import one_line


def event_names(text: str) -> list[str]:
    """An argparse type: comma-separated Crisp event names such as `message:send,session:set_state`
    (a name Crisp does not know would silently bring nothing)."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    bad = [name for name in names if name not in CRISP_EVENTS]
    if not names or bad:
        raise argparse.ArgumentTypeError(
            f"{one_line(bad[0] if bad else text, 60)!r} is not a Crisp event name "
            "(for example message:send,session:set_state; the list is in docs/crisp-api.md)"
        )
    return names


def describe(event: LiveEvent) -> str:
    """One line a person reads: time, event, conversation, and what changed (cleaned)."""
    payload = event.payload
    detail = ""
    for key in ("content", "excerpt", "state", "routing_id", "origin"):
        value = payload.get(key)
        if isinstance(value, dict):
            value = value.get("text") or value.get("name") or value.get("url")
        if value not in (None, ""):
            detail = f"{key}={value}" if key != "content" else str(value)
            break
    line = f"{time.strftime('%H:%M:%S')}  {event.name}  {event.session_id or '-'}  {detail}"
    return one_line(line, 400)


class _Printer:
    def __init__(self, json_mode: bool) -> None:
        self.json_mode = json_mode
        self.refused: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def live_status(self, status: LiveStatus) -> None:
        if status.state == "unavailable" and not self.refused.done():
            self.refused.set_result(status.reason)
        elif status.state == "live":
            print("Live: listening for events (^C to stop).", file=sys.stderr)
        elif status.state == "reconnecting":
            print(f"Reconnecting: {one_line(status.reason)}.", file=sys.stderr)

    async def live_event(self, event: LiveEvent) -> None:
        if self.json_mode:
            print_json({"event": event.name, "data": dict(event.payload)}, indent=None)
        else:
            print(describe(event), file=sys.stdout, flush=True)


async def _listen(ctx: Context, client: CrispClient) -> int:
    printer = _Printer(ctx.out.json_mode)
    socket = LiveSocket(client, events=ctx.args.events)
    task = asyncio.create_task(socket.run(printer))
    try:
        reason = await printer.refused
    finally:
        task.cancel()
    raise AuthenticationError(f"{reason}: check CRISP_TOKEN_ID, CRISP_TOKEN_KEY and CRISP_TIER.")


def register(commands: Subcommands) -> None:
    parser = add_command(
        commands,
        "listen",
        "print Crisp's live events as they happen, until ^C",
        with_client(_listen),
        epilog='--json prints one JSON object per line: {"event": NAME, "data": PAYLOAD}',
    )
    parser.add_argument(
        "--events",
        type=event_names,
        default=list(INBOX_EVENTS),
        metavar="NAMES",
        help="comma-separated events to receive (default: every event the inbox uses)",
    )
