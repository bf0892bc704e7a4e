"""The agent's own notification program (`notify_command`), run without a shell.

The message's fields are cleaned untrusted text. They reach the program as arguments, where the
argv holds `{title}`, `{body}`, `{name}` or `{session_id}`, and always as the environment
variables CRISP_TUI_NOTIFY_TITLE, _BODY, _NAME and _SESSION_ID. The token never reaches it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping, Sequence

from ..config import child_environment
from ..config_values import shown

TIMEOUT_SECONDS = 10
FIELDS = ("title", "body", "name", "session_id")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(FIELDS) + r")\}")


def filled(argv: Sequence[str], fields: Mapping[str, str]) -> list[str]:
    """The argv with each placeholder replaced, in one pass: a `{body}` typed by a visitor inside
    their name stays text."""
    return [_PLACEHOLDER.sub(lambda match: fields[match[1]], part) for part in argv]


def run_notify_command(argv: Sequence[str], fields: Mapping[str, str]) -> str | None:
    """Run the program and wait for it (in a worker thread); one sentence when it failed."""
    program = shown(argv[0])
    environment = {
        **child_environment(),
        **{f"CRISP_TUI_NOTIFY_{name.upper()}": value for name, value in fields.items()},
    }
    try:
        done = subprocess.run(
            filled(argv, fields),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        return f"notify_command could not start: {program} was not found (check the path)."
    except PermissionError:
        return f"notify_command could not start: {program} is not executable."
    except subprocess.TimeoutExpired:
        return f"notify_command ({program}) did not finish within {TIMEOUT_SECONDS} seconds."
    if done.returncode != 0:
        return (
            f"notify_command ({program}) failed with exit status {done.returncode}: run it "
            "yourself to see why."
        )
    return None
