"""What every command shares: the usage error, the context it runs in, parser helpers."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeAlias

from ..config import Settings
from ..crisp import CrispClient
from .output import Output


class UsageError(Exception):
    """The command was invoked or configured wrongly (exit status 2); str() is one sentence."""


@dataclass
class Context:
    args: argparse.Namespace
    settings: Settings
    out: Output

    @property
    def now_ms(self) -> int:
        return int(time.time() * 1000)

    def operator_id(self) -> str:
        """The agent's own operator id ("me"), or a UsageError saying how to set it."""
        if not self.settings.operator_id:
            raise UsageError(
                "Set CRISP_OPERATOR_ID to your Crisp operator id to use `me`, `mine` or "
                "`mentions` (`crisp-tui operators` lists the ids)."
            )
        return self.settings.operator_id


Handler = Callable[[Context], int | None]
ApiAction = Callable[[Context, CrispClient], Awaitable[int | None]]


def with_client(action: ApiAction) -> Handler:
    """Run `action` with a client; credentials are checked before any request is made."""

    def handler(ctx: Context) -> int | None:
        credentials = ctx.settings.credentials()

        async def run() -> int | None:
            async with CrispClient(
                credentials, api_url=ctx.settings.api_url, read_only=ctx.settings.read_only
            ) as client:
                return await action(ctx, client)

        return asyncio.run(run())

    return handler


def _json_flag() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parent.add_argument(
        "--json", action="store_true", help="print only JSON on stdout (the API's data)"
    )
    return parent


_JSON_FLAG = _json_flag()


def add_read_only_flag(parser: argparse.ArgumentParser, *, default: object) -> None:
    """`--read-only` before the command (`default=False`) or after it (`argparse.SUPPRESS`, so
    a sub-command's default never overwrites the flag given before it)."""
    parser.add_argument(
        "--read-only",
        action="store_true",
        default=default,
        help="send nothing that changes Crisp (only GET and HEAD requests)",
    )


def _read_only_flag() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_read_only_flag(parent, default=argparse.SUPPRESS)
    return parent


_READ_ONLY_FLAG = _read_only_flag()
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_group(commands: Subcommands, name: str, help: str) -> Subcommands:
    """A command that only holds sub-commands (`conversation get`, `conversation read`, …)."""
    parser = commands.add_parser(name, help=help, description=help, allow_abbrev=False)
    return parser.add_subparsers(title="commands", metavar="COMMAND", required=True)


def add_command(
    commands: Subcommands,
    name: str,
    help: str,
    handler: Handler,
    *,
    epilog: str | None = None,
    json_flag: bool = True,
) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=help,
        description=help,
        epilog=epilog,
        parents=[_JSON_FLAG, _READ_ONLY_FLAG] if json_flag else [_READ_ONLY_FLAG],
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def int_at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number, at least `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{text} must be at least {minimum}")
        return value

    return parse


def float_between(low: float, high: float = float("inf")) -> Callable[[str], float]:
    """An argparse type: a number from `low` to `high`."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            limits = f"from {low:g} to {high:g}" if high < float("inf") else f"at least {low:g}"
            raise argparse.ArgumentTypeError(f"{text} must be {limits}")
        return value

    return parse


positive_int = int_at_least(1)


def session_id(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the session id is empty")
    return text.strip()
