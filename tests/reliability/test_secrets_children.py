"""No program crisp-tui starts inherits the token (#13): `$EDITOR`, a real child process of the
real app in a terminal, and the `token_key_command` of a command, each writing down the
environment it was given."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.support.terminal import CTRL_Q, F2, terminal_app

ATTEMPTS = 100
TOKEN_ID = "token-id-sentinel-5b1e"
TOKEN_KEY = "token-key-sentinel-9f3c"
# An "editor" that writes the environment it got next to the draft it was asked to edit.
EDITOR = """
import json, os, sys
with open(sys.argv[1] + ".env.json", "w") as out:
    json.dump(dict(os.environ), out)
"""


def test_the_editor_does_not_inherit_the_token(tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    env = {
        **os.environ,
        "CRISP_TOKEN_ID": TOKEN_ID,
        "CRISP_TOKEN_KEY": TOKEN_KEY,
        "EDITOR": f"{sys.executable} {editor}",
        "TMPDIR": str(drafts),  # where the draft file, and so the dump, is written
    }
    with terminal_app(["--demo"], env) as app:
        app.wait_for_text("synced")
        # The first rows may still be on their way: try again until a reply is open.
        for _ in range(ATTEMPTS):
            seen = len(app.text)
            app.send("r")
            if app.wait_for_text("f2 $EDITOR", "No conversation selected", after=seen) == (
                "f2 $EDITOR"
            ):
                break
        else:
            raise AssertionError(f"no reply opened after {ATTEMPTS} tries")
        app.send(F2)
        app.wait_until(lambda: any(drafts.glob("*.env.json")), "the editor's environment")
        app.send(CTRL_Q)
    [dump] = drafts.glob("*.env.json")
    child = json.loads(dump.read_text())
    assert child["EDITOR"] == env["EDITOR"]  # it is the app's child, with the app's environment
    assert "CRISP_TOKEN_ID" not in child and "CRISP_TOKEN_KEY" not in child
    assert TOKEN_KEY not in dump.read_text() and TOKEN_ID not in dump.read_text()


KEY_COMMAND = """
import json, os, sys
with open({dump!r}, "w") as out:
    json.dump(dict(os.environ), out)
print({key!r})
"""


def test_the_key_command_does_not_inherit_the_token(
    crisp_env: EmulatorServer, run_script: Callable[..., Result], tmp_path: Path
) -> None:
    dump = tmp_path / "key-command.env.json"
    script = tmp_path / "print-key.py"
    script.write_text(KEY_COMMAND.format(dump=str(dump), key=crisp_env.settings.token_key))
    result = run_script(
        "inbox",
        "list",
        "--json",
        env={"CRISP_TOKEN_KEY": "", "CRISP_TOKEN_KEY_COMMAND": f"{sys.executable} {script}"},
    )
    assert result.code == 0, result.err
    child = json.loads(dump.read_text())
    assert "CRISP_TOKEN_KEY_COMMAND" in child  # our environment, but for the token
    assert "CRISP_TOKEN_ID" not in child and "CRISP_TOKEN_KEY" not in child
