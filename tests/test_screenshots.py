"""The documented screenshot command keeps working (it drives the real app on the demo inbox)."""

from __future__ import annotations

import re

import pytest

from tests.screenshots import capture


@pytest.mark.slow
async def test_screenshot_command_writes_every_screen(tmp_path):
    written = await capture(tmp_path)
    assert [path.stem for path in written] == [
        "inbox",
        "conversation",
        "find",
        "visitor-panel",
        "confirm-send",
        "snippet-picker",
        "bulk-select",
        "search",
        "help",
        "image-preview",
    ]
    text = {path.stem: path.read_text(encoding="utf-8").replace("&#160;", " ") for path in written}
    assert all(svg.startswith("<svg") and "Acme Support (demo)" in svg for svg in text.values())
    assert "Send this reply" in text["confirm-send"]
    assert "refund" in text["search"]
    assert "Image preview" in text["image-preview"] and "screenshot.png" in text["image-preview"]
    assert "!refund" in text["snippet-picker"]
    assert "Resolve 3 conversations?" in text["bulk-select"]
    assert re.search(r"[^\d/]\d{1,2}/\d{1,2}[^\d/]", text["find"])  # the count, as 2/3
