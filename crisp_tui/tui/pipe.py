"""Handing conversation text to a program: `|` pipes it to a shell command, `$PAGER` shows it,
`$EDITOR` edits a sent message's text.

As in mutt, the program gets the terminal (the app is suspended, as for `$EDITOR`); after a
pipe its output stays on screen until the agent presses enter. Where the terminal cannot be
handed over, a piped command runs with its output captured and shown in the app instead. The
text is cleaned first (no escape sequence a visitor wrote reaches the program or the terminal),
and the program's environment never holds the token (`child_environment`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from ..config import child_environment
from .safe_text import clean
from .widgets.reply import decode_editor_text, with_final_newline

if TYPE_CHECKING:
    from textual.app import App

SHOWN_LINES = 20  # of a captured command's output
CAPTURE_TIMEOUT_S = 60


def pipe_to(app: App[object], command: str, text: str, what: str) -> None:
    """Run `command` with `sh -c`, `text` on its stdin, and say how it ended."""
    argv = ["sh", "-c", command]
    try:
        with app.suspend():
            status = _run(argv, text, wait_for_enter=True)
    except SuspendNotSupported:
        _run_captured(app, argv, text, what)
        return
    except OSError as error:
        app.notify(f"Could not run the command: {error}", severity="error", markup=False)
        return
    app.refresh()
    _say_status(app, status, what, clean(command, single_line=True, max_chars=200))


def show_in_pager(app: App[object], text: str) -> None:
    """Show `text` in `$PAGER` (`less` when unset), with the terminal handed over."""
    pager = os.environ.get("PAGER", "").strip() or ("less" if shutil.which("less") else "")
    if not pager:
        app.notify(
            "No pager found: set $PAGER (or install less) to read the transcript in one.",
            severity="warning",
            markup=False,
        )
        return
    try:
        with app.suspend():
            status = _run(["sh", "-c", pager], text, wait_for_enter=False)
    except SuspendNotSupported:
        app.notify(
            "The pager needs the terminal and this session cannot hand it over: use | to pipe "
            "the transcript to a command instead.",
            severity="warning",
            markup=False,
        )
        return
    except OSError as error:
        app.notify(f"Could not run the pager: {error}", severity="error", markup=False)
        return
    app.refresh()
    if status:
        app.notify(
            f"The pager exited with status {status}: check $PAGER.",
            severity="warning",
            markup=False,
        )


def edit_in_editor(app: App[object], text: str) -> str | None:
    """`text` as edited in $VISUAL or $EDITOR (vi when unset), with the terminal handed over;
    None when the editor could not run (said). The file holds only what the box still shows."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    descriptor, name = tempfile.mkstemp(prefix="crisp-edit-", suffix=".md")
    path = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(with_final_newline(text))
        with app.suspend():
            command = [*shlex.split(editor), str(path)]
            subprocess.run(command, env=child_environment(), check=False)
        written = path.read_bytes()
    except Exception as error:  # no terminal to hand over, a missing editor
        app.notify(f"Could not run the editor: {error}", severity="error", markup=False)
        return None
    finally:
        path.unlink(missing_ok=True)
    app.refresh()
    return decode_editor_text(written)[0]


def _run(argv: list[str], text: str, *, wait_for_enter: bool) -> int:
    done = subprocess.run(argv, input=text.encode(), env=child_environment(), check=False)
    if wait_for_enter and sys.stdin.isatty():  # mutt's "Press any key to continue"
        sys.stderr.write(f"\n[exit status {done.returncode}] Press enter to return to crisp-tui.")
        sys.stderr.flush()
        sys.stdin.readline()
    return done.returncode


def _run_captured(app: App[object], argv: list[str], text: str, what: str) -> None:
    try:
        done = subprocess.run(
            argv,
            input=text.encode(),
            capture_output=True,
            env=child_environment(),
            timeout=CAPTURE_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        app.notify(f"Could not run the command: {error}", severity="error", markup=False)
        return
    output = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    shown = clean(output, max_lines=SHOWN_LINES, max_chars=4000).strip()
    _say_status(app, done.returncode, what, clean(argv[-1], single_line=True, max_chars=200))
    if shown:
        app.notify(shown, title="Its output", markup=False, timeout=30)


def _say_status(app: App[object], status: int, what: str, command: str) -> None:
    if status:
        app.notify(
            f"Piped {what} to `{command}`: it exited with status {status}.",
            severity="warning",
            markup=False,
        )
    else:
        app.notify(f"Piped {what} to `{command}`.", markup=False)
