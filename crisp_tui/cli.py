"""`crisp-tui`: no sub-command starts the app; sub-commands script Crisp; `emulator` serves one.

Exit status: 0 success, 1 Crisp or network error, 2 usage or configuration error, 3 declined
(you answered no: nothing was done), 130 on ^C.
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
from .commands.base import (
    EXIT_CRISP_ERROR,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    add_profile_flag,
    add_read_only_flag,
)
from .commands.local import launch_app
from .commands.output import Output, to_json
from .config import ProfileError, load_settings
from .crisp.errors import (
    CrispError,
    InvalidRequestError,
    MissingCredentialsError,
    ReadOnlyError,
)
from .untrusted import clean

_EPILOG = """\
Credentials come from CRISP_WEBSITE_ID, CRISP_TOKEN_ID and CRISP_TOKEN_KEY (or the config file,
see `crisp-tui locate`); the key can also come from token_key_command or the system keyring.
Every command has --help, --json, --read-only and --profile NAME (a [profiles.NAME] table).
exit status: 0 ok, 1 Crisp or network error, 2 usage or configuration error (a write refused by
--read-only too), 3 declined (you answered no: nothing was done), 130 interrupted
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
    add_profile_flag(parser, default=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    register_all(commands)
    return parser


def _run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(
            {"read_only": True} if args.read_only else None, profile=args.profile
        )
    except ProfileError as error:
        raise UsageError(str(error)) from None
    except ValueError as error:
        raise UsageError(f"A setting has an invalid value: {error}.") from None
    for warning in settings.warnings:
        print(f"warning: {_sentence(warning)}", file=sys.stderr)
    ctx = Context(args, settings, Output(getattr(args, "json", False)))
    handler = getattr(args, "handler", None)
    if handler is None:
        return launch_app(ctx, demo=args.demo)
    return handler(ctx) or 0


def _sentence(text: str) -> str:
    # Crisp's own words can be part of the sentence (an invalid_data message), and config values
    # are quoted back: untrusted.
    return clean(text, single_line=True, max_chars=500)


def _fail(error: Exception) -> None:
    print(_sentence(str(error)), file=sys.stderr)


def _not_text(argv: Sequence[str]) -> int | None:
    """The position of the first argument holding a byte that is not UTF-8 (Python passes it on
    as a lone surrogate, which no request or output can encode)."""
    return next((i for i, arg in enumerate(argv, 1) if not _encodable(arg)), None)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fail_json(error: CrispError) -> None:
    """With --json, the error as one line of JSON on stderr, Crisp's full message included
    (`detail`: validator output can be long; the sentence stays short)."""
    fields = {
        "message": str(error),
        "reason": error.reason,
        "status": error.status,
        "detail": error.detail,
    }
    print(to_json({"error": fields}, indent=None), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    bad = _not_text(argv)
    if bad is not None:
        print(
            f"crisp-tui: argument {bad} holds a byte that is not UTF-8 text: fix the terminal's "
            "or the script's encoding.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.demo and getattr(args, "handler", None):
            parser.error("--demo starts the app; it does not combine with a command")
    except SystemExit as exit:  # --help, --version, or a usage error (already printed)
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE
    try:
        return _run(args)
    except (UsageError, MissingCredentialsError, ReadOnlyError, InvalidRequestError) as error:
        # InvalidRequestError: the input cannot become a request (an id like `..`, a search too
        # long for a URL); nothing was sent, so it is the caller's to fix, not Crisp's refusal.
        _fail(error)
        return EXIT_USAGE
    except CrispError as error:
        if getattr(args, "json", False):
            _fail_json(error)
        else:
            _fail(error)
        return EXIT_CRISP_ERROR
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
