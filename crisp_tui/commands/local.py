"""Commands that need no Crisp account: `locate`, `emulator`, and starting the app."""

from __future__ import annotations

import sys

from ..config import config_file_path, data_dir, error_log_path
from ..untrusted import clean
from .base import (
    Context,
    Subcommands,
    UsageError,
    add_command,
    float_between,
    int_at_least,
    positive_int,
)


def _locate(ctx: Context) -> None:
    from ..inbox.store_file import store_path
    from ..snippets import snippets_path

    settings = ctx.settings
    website_id = settings.website_id
    paths = {
        "config_file": str(config_file_path()),
        "data_dir": str(data_dir()),
        # The local store of the configured website: cache, drafts and outbox.
        "store_file": str(store_path(website_id)) if website_id else None,
        # Crisp's full message for each error the app met (the app shows one sentence).
        "error_log": str(error_log_path()),
        "snippets_file": str(snippets_path(ctx.settings.snippets_file)),
        # Names only: a profile's token is never shown.
        "profile": settings.profile or None,
        "profiles": list(settings.profiles),
    }
    labels = {
        "config_file": "Config file",
        "data_dir": "Data dir",
        "store_file": "Store file",
        "error_log": "Error log",
        "snippets_file": "Snippets",
        "profile": "Profile",
        "profiles": "Profiles",
    }

    def human() -> str:
        shown = {
            **paths,
            "store_file": paths["store_file"] or "(set CRISP_WEBSITE_ID)",
            "profile": paths["profile"] or "(none: the top-level settings)",
            "profiles": ", ".join(settings.profiles) or "(none)",
        }
        return clean(
            "\n".join(f"{labels[k] + ':':<13}{v}" for k, v in shown.items()), max_chars=4000
        )

    ctx.out.result(paths, human)


def _emulator(ctx: Context) -> None:
    from ..emulator import EmulatorSettings, Faults, serve

    args = ctx.args
    faults = Faults(
        latency_ms=args.latency_ms,
        jitter_ms=args.jitter_ms,
        error_rate=args.error_rate,
        daily_quota=args.daily_quota,
    )
    settings = EmulatorSettings(
        seed=args.seed,
        conversations=args.conversations,
        activity_per_minute=args.activity_per_minute,
        faults=faults,
    )
    try:
        serve(args.host, args.port, settings)
    except OSError as error:
        raise UsageError(f"Cannot listen on {args.host}:{args.port}: {error.strerror}.") from None


def launch_app(ctx: Context, demo: bool) -> int:
    """Start the TUI (imported only now: it is the heavy part)."""
    try:
        from ..tui.app import run
    except ImportError as error:
        if error.name not in ("crisp_tui.tui.app", None):
            raise
        print("The terminal app is not built yet: use the scripting commands.", file=sys.stderr)
        return 1
    return run(ctx.settings, demo=demo)


_non_negative = int_at_least(0)


def register(commands: Subcommands) -> None:
    add_command(
        commands,
        "locate",
        "print where the config file, the local store and the snippets file live",
        _locate,
    )
    parser = add_command(
        commands,
        "emulator",
        "serve the Crisp API emulator (a seeded demo inbox) on loopback",
        _emulator,
        json_flag=False,
        epilog="It prints the `export CRISP_…` lines that point crisp-tui at it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=_non_negative, default=8787, help="0 picks a free port")
    parser.add_argument("--seed", type=int, default=42, help="seed of the demo world")
    parser.add_argument(
        "--conversations", type=positive_int, default=300, metavar="N", help="size of the inbox"
    )
    parser.add_argument(
        "--activity-per-minute",
        type=float_between(0),
        default=3.0,
        metavar="N",
        help="visitor events per minute (0: a still inbox)",
    )
    parser.add_argument("--latency-ms", type=_non_negative, default=0, metavar="MS")
    parser.add_argument("--jitter-ms", type=_non_negative, default=0, metavar="MS")
    parser.add_argument(
        "--error-rate",
        type=float_between(0, 1),
        default=0.0,
        metavar="P",
        help="share of requests failing 503",
    )
    parser.add_argument(
        "--daily-quota",
        type=_non_negative,
        default=0,
        metavar="N",
        help="requests per day before 423 quota_limit_exceeded (0: none)",
    )
