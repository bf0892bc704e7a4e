"""What every command that writes a message shares: TEXT or stdin, and the confirmation rules
(asked on a terminal; elsewhere only --yes goes ahead; answering no is exit status 3)."""

from __future__ import annotations

import argparse
import sys

from .base import UsageError


def message_text(argument: str, *, nothing_done: str = "nothing was sent") -> str:
    """TEXT, or stdin for `-`; a UsageError for text that is empty or not UTF-8."""
    try:
        text = sys.stdin.read().rstrip("\n") if argument == "-" else argument
    except UnicodeDecodeError:
        raise UsageError(f"The message on stdin is not UTF-8 text: {nothing_done}.") from None
    if not text.strip():
        raise UsageError(f"The message is empty: {nothing_done}.")
    return text


def require_terminal_or_yes(args: argparse.Namespace, doing: str) -> None:
    """Confirmation needs a terminal; without one, only --yes may go ahead."""
    if not args.yes and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            f"Not {doing} without confirmation: run it in a terminal to confirm, or add --yes."
        )


def confirmed(question: str = "Send it?") -> bool:
    sys.stderr.write(f"{question} [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")
