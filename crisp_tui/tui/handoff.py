"""Handing text to the world outside the app: the terminal's clipboard and the browser.

Neither can be checked from here (a terminal may drop OSC 52 silently; there is no browser on
an SSH box), so each says exactly what it did and shows the text, so the agent can always
select it by hand. A console browser gets the whole terminal while it runs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from typing import TYPE_CHECKING

from .safe_text import clean

if TYPE_CHECKING:
    from textual.app import App

CLIPBOARD = "the terminal clipboard (OSC 52)"


def has_display() -> bool:
    """A graphical session a browser window can open in (not a bare SSH or console login)."""
    if sys.platform in ("darwin", "win32"):
        return not os.environ.get("SSH_CONNECTION")
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def browser_label() -> str:
    """What `enter` does in the link picker, said before the agent presses it."""
    if has_display():
        return "enter opens it in the browser"
    if os.environ.get("BROWSER"):
        return "enter opens it in $BROWSER"
    return "enter shows and copies it (no browser here)"


def copy_text(app: App[object], text: str, what: str, *, single_line: bool = True) -> None:
    """Send `text` (cleaned: no escape sequence reaches the clipboard) to the terminal's
    clipboard and show it, saying where it went."""
    shown = clean(text, single_line=single_line, max_chars=2000)
    app.copy_to_clipboard(shown)
    app.notify(
        f"{what} sent to {CLIPBOARD}; if your terminal blocks that, select it here: {shown}",
        title="Clipboard",
        markup=False,
    )


def open_url(app: App[object], url: str) -> None:
    """Open `url` (already checked by `safe_url`) the best way this session allows: a window
    browser in the background; `$BROWSER` without a display in the foreground, with the app
    suspended; otherwise (SSH) show it and copy it."""
    if has_display():
        app.run_worker(
            lambda: _open_in_window(app, url), thread=True, group="browser", exit_on_error=False
        )
    elif os.environ.get("BROWSER"):
        _run_console_browser(app, os.environ["BROWSER"], url)
    else:
        _show_and_copy(app, url, "No browser here")


def _open_in_window(app: App[object], url: str) -> None:
    import webbrowser  # loaded on first use

    if not webbrowser.open(url):
        app.call_from_thread(_show_and_copy, app, url, "No browser answered")


def _run_console_browser(app: App[object], command: str, url: str) -> None:
    # $BROWSER may list several commands (a:b); the first one is ours. "%s" marks the URL.
    words = shlex.split(command.split(os.pathsep)[0])
    argv = [word.replace("%s", url) for word in words]
    if not any("%s" in word for word in words):
        argv.append(url)
    try:
        with app.suspend():
            subprocess.run(argv, check=False)
    except Exception as error:  # no terminal to hand over (some hosts), a missing command
        _show_and_copy(app, url, f"Could not run $BROWSER ({error})")
    else:
        app.refresh()


def _show_and_copy(app: App[object], url: str, why: str) -> None:
    copy_text(app, url, f"{why}: the link was")
