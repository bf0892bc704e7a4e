"""A crash (issue #13 item 6): exit status 1, and no local variable in the report.

Textual's own crash screen prints every frame's locals: drafts, messages, SQL parameters.
"""

from __future__ import annotations

import textwrap

from tests.support.terminal import Terminal, app_environment

SECRET = "card ending 4242, Jane's address"

CRASHING_APP = textwrap.dedent(
    f"""
    import sys
    from crisp_tui.cli import main
    from crisp_tui.tui.screens.main import MainScreen

    def next_unread_with_a_bug(self):
        draft = {SECRET!r}  # customer data in a local, as in any real frame
        raise RuntimeError("a bug")

    MainScreen.action_next_unread = next_unread_with_a_bug
    sys.argv = ["crisp-tui", "--demo"]
    sys.exit(main())
    """
)


def test_a_crash_exits_1_without_printing_locals() -> None:
    app = Terminal("-c", CRASHING_APP, env=app_environment())
    try:
        app.wait_for_text("Acme Support")  # the inbox is up
        app.send("n")
        status = app.wait()
    finally:
        app.close()
    assert "RuntimeError: a bug" in app.text.replace("\r\n", "\n")
    assert "4242" not in app.text
    assert status == 1
