"""What every command shares: the usage error, the context it runs in, parser helpers."""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from ..config import Settings
from ..crisp import CrispClient
from .output import Output

if TYPE_CHECKING:
    from ..inbox.store import Store

# Exit statuses (the README's table): 1 is Crisp's or the network's refusal, never the agent's.
EXIT_CRISP_ERROR = 1
EXIT_USAGE = 2
EXIT_DECLINED = 3  # the agent answered no to a confirmation: nothing was done
EXIT_INTERRUPTED = 130


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


@contextmanager
def local_store(ctx: Context) -> Iterator[Store]:
    """The website's local store (the one the app uses), or a UsageError saying what is wrong."""
    from ..inbox.store import Store

    website_id = ctx.settings.website_id
    if not website_id:
        raise UsageError("CRISP_WEBSITE_ID is not set: it names the website's local store.")
    store, notice = Store.for_website(website_id)
    with store:
        if store.path is None:  # in memory: nothing would reach the file the app reads
            raise UsageError(notice or "The local store could not be opened.")
        if notice:
            ctx.out.info(notice)
        yield store


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


def add_profile_flag(parser: argparse.ArgumentParser, *, default: object) -> None:
    """`--profile NAME` before the command (`default=None`) or after it (`argparse.SUPPRESS`)."""
    parser.add_argument(
        "--profile",
        metavar="NAME",
        default=default,
        help="use the [profiles.NAME] settings of the config file (also CRISP_PROFILE)",
    )


def _profile_flag() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_profile_flag(parent, default=argparse.SUPPRESS)
    return parent


_PROFILE_FLAG = _profile_flag()
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
        parents=[
            *([_JSON_FLAG] if json_flag else []),
            _READ_ONLY_FLAG,
            _PROFILE_FLAG,
        ],
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


def identifier(what: str) -> Callable[[str], str]:
    """An argparse type: an id that goes into a URL path, so non-empty and printable."""

    def parse(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError(f"the {what} is empty")
        if not text.isprintable():
            raise argparse.ArgumentTypeError(
                f"the {what} holds a control character or a byte that is not UTF-8 text"
            )
        return text.strip()

    return parse


session_id = identifier("session id")


def operator_id(text: str) -> str:
    """An argparse type: an operator's user id; a session id there means the operator was left
    out (`assign S S` would otherwise send the second session as the operator)."""
    value = identifier("operator id")(text)
    if value.startswith("session_"):
        raise argparse.ArgumentTypeError(
            f"{value} is a session id, not an operator: end with an operator id, me or none"
        )
    return value
