"""Nothing typed is lost (issue #13 item 4), tried with the real app in a real terminal.

The agent types steadily in the demo's composer, then the process is killed (-9), its terminal
closed (SIGHUP), terminated (SIGTERM), or quit at once; the store must hold what was typed.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisp_tui.inbox.store import Store
from tests.support.terminal import CTRL_Q, F2, Terminal, terminal_app

pytestmark = pytest.mark.slow  # a real app in a real terminal: seconds of wall time each

SENTENCE = "Thanks for waiting, the refund is on its way and should arrive within five days. "


@pytest.fixture
def app() -> Iterator[Terminal]:
    with terminal_app(["--demo"], dict(os.environ)) as running:
        yield running


def store_of(app: Terminal) -> Store:
    """The demo's store, opened beside the running app (WAL lets both read and write)."""
    folder = Path(os.environ["XDG_DATA_HOME"])
    found: list[Path] = []
    app.wait_until(lambda: bool(found.extend(folder.rglob("*.sqlite3")) or found), "a store")
    store, _ = Store.open(found[0])
    app.wait_until(lambda: store.count_conversations() > 0, "the first inbox page")
    return store


def open_composer(app: Terminal) -> Store:
    store = store_of(app)
    start = len(app.text)
    app.send("\r")  # open the highlighted conversation
    app.wait_for_text("Reply to", after=start)
    start = len(app.text)
    app.send("r")
    app.wait_for_text("Reply/Note", after=start)  # the key bar of the focused composer
    return store


def type_until_saved(app: Terminal, store: Store) -> str:
    """Type steadily (20 characters a second, faster than the save delay) until a draft is
    stored while the typing still goes on; what was typed."""
    typed = ""
    for character in SENTENCE * 2:
        app.send(character)
        typed += character
        app.keep_reading(0.05)
        if any(store.drafts().values()):
            return typed
    raise AssertionError(f"{len(typed)} characters typed steadily and no draft stored yet")


def type_and_show(app: Terminal, text: str) -> None:
    """Type `text` and wait until the composer shows it all."""
    start = len(app.text)
    app.send(text)
    app.wait_for_text(text, after=start)


def the_draft(store: Store) -> str:
    drafts = [text for (_, kind), text in store.drafts().items() if kind == "reply"]
    assert len(drafts) == 1, drafts
    return drafts[0]


def test_steady_typing_is_saved_every_second_and_survives_kill_9(app: Terminal) -> None:
    store = open_composer(app)
    typed = type_until_saved(app, store)
    app.send(" and some more")
    app.kill(signal.SIGKILL)
    assert app.wait() == -signal.SIGKILL
    saved = the_draft(store)
    assert saved and (typed + " and some more").startswith(saved)


@pytest.mark.parametrize(
    ("leave", "status"),
    [
        pytest.param(lambda app: app.kill(signal.SIGTERM), 128 + signal.SIGTERM, id="SIGTERM"),
        pytest.param(Terminal.hang_up, 128 + signal.SIGHUP, id="terminal closed"),
        pytest.param(lambda app: app.send(CTRL_Q), 0, id="ctrl+q"),
    ],
)
def test_the_last_keys_are_saved_on_the_way_out(app: Terminal, leave, status: int) -> None:
    store = open_composer(app)
    type_and_show(app, "Hello Jane, checking order 4417")
    leave(app)  # at once: well within the save delay after the last key
    assert app.wait() == status
    assert the_draft(store) == "Hello Jane, checking order 4417"


# An "editor" that says it started, then reads its terminal as an editor does, until the
# terminal is gone (end of file or EIO), or SIGHUP ends it first.
WAITING_EDITOR = """
import pathlib, sys
pathlib.Path(sys.argv[1] + ".started").touch()
try:
    while sys.stdin.buffer.read1(1024):
        pass
except OSError:
    pass
"""


def test_the_terminal_closed_while_the_editor_has_it_ends_the_app(tmp_path: Path) -> None:
    """Closing the window while `$EDITOR` runs: the app, suspended meanwhile, must not outlive
    its terminal (it did, for ever, blocked writing to it) and keeps the draft."""
    editor = tmp_path / "editor.py"
    editor.write_text(WAITING_EDITOR)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    env = {**os.environ, "EDITOR": f"{sys.executable} {editor}", "TMPDIR": str(drafts)}
    with terminal_app(["--demo"], env) as app:
        store = open_composer(app)
        type_and_show(app, "Hello Jane, checking order 4417")
        app.send(F2)
        app.wait_until(lambda: any(drafts.glob("*.started")), "the editor")
        app.hang_up()
        assert app.wait() == 128 + signal.SIGHUP
    assert the_draft(store) == "Hello Jane, checking order 4417"
