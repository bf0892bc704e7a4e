"""Start-up imports only what the first paint needs (DESIGN §8, harlequin's import hygiene)."""

from __future__ import annotations

import subprocess
import sys

ON_FIRST_USE = (
    "crisp_tui.tui.screens.help",
    "crisp_tui.tui.screens.confirm_send",
    "crisp_tui.tui.screens.confirm_bulk",
    "crisp_tui.tui.screens.picker",
    "crisp_tui.tui.widgets.visitor_panel",
    "crisp_tui.tui.render.visitor",
    "crisp_tui.tui.widgets.composer",  # and Textual's TextArea with it
    "textual.widgets._text_area",
    "crisp_tui.tui.screens.image_preview",
    "textual_image",  # Pillow, numpy and a terminal query: the first preview pays for them
    "PIL",
)


def test_modals_the_visitor_panel_and_the_composer_load_on_first_use() -> None:
    code = (
        f"import sys, crisp_tui.tui.app; print([m for m in {ON_FIRST_USE!r} if m in sys.modules])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == "[]"
