"""`crisp-tui`: no sub-command starts the app; sub-commands script Crisp; `emulator` serves one.

Exit status: 0 success, 1 Crisp or network error, 2 usage or configuration error, 130 on ^C.
Errors are one sentence on stderr. Import-light on purpose: Textual, Starlette and uvicorn are
imported only by the commands that need them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from . import __version__
from .commands import Context, UsageError, register_all
from .commands.base import add_read_only_flag
from .commands.local import launch_app
from .commands.output import Output
from .config import load_settings
from .crisp.errors import CrispError, MissingCredentialsError, ReadOnlyError
from .untrusted import clean

_EPILOG = """\
Credentials come from CRISP_WEBSITE_ID, CRISP_TOKEN_ID and CRISP_TOKEN_KEY (or the config file,
see `crisp-tui locate`). Every command has --help and --json.
exit status: 0 ok, 1 Crisp or network error, 2 usage or configuration error (a write refused by
--read-only too), 130 interrupted
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crisp-tui",
        description="A keyboard-driven terminal inbox for Crisp, and commands to script it.",
        epilog=_EPILOG,
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"crisp-tui {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="start the app on the built-in demo inbox"
    )
    add_read_only_flag(parser, default=False)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    register_all(commands)
    return parser


def _run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings({"read_only": True} if args.read_only else None)
    except ValueError as error:
        raise UsageError(f"A setting has an invalid value: {error}.") from None
    for warning in settings.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    ctx = Context(args, settings, Output(getattr(args, "json", False)))
    handler = getattr(args, "handler", None)
    if handler is None:
        return launch_app(ctx, demo=args.demo)
    return handler(ctx) or 0


def _fail(error: Exception) -> None:
    # Crisp's own words can be part of the sentence (an invalid_data message): untrusted.
    print(clean(str(error), single_line=True, max_chars=500), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.demo and getattr(args, "handler", None):
            parser.error("--demo starts the app; it does not combine with a command")
    except SystemExit as exit:  # --help, --version, or a usage error (already printed)
        return exit.code if isinstance(exit.code, int) else 2
    try:
        return _run(args)
    except (UsageError, MissingCredentialsError, ReadOnlyError) as error:
        _fail(error)
        return 2
    except CrispError as error:
        _fail(error)
        return 1
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
