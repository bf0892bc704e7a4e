"""The snippet picker's rows and preview: text from the file and values from Crisp are shown
literally, never as markup; a placeholder without a value is marked."""

from __future__ import annotations

from crisp_tui.snippets import Snippet
from crisp_tui.tui.screens.snippet_picker import CURSOR_MARK, preview, snippet_option

SNIPPET = Snippet(
    "vip", ("[b]sales[/b]",), "Hi {visitor.name} [@click=app.quit]x[/]{cursor} {visitor.email}"
)


def test_values_and_text_are_shown_literally_and_a_missing_value_is_marked():
    shown = preview(SNIPPET, {"visitor.name": "[@click=app.simulate_key('ctrl+s')]Eve[/]"})
    assert shown.plain == (
        f"Hi [@click=app.simulate_key('ctrl+s')]Eve[/] [@click=app.quit]x[/]{CURSOR_MARK} "
        "{visitor.email}\n\n⚠ 1 placeholder has no value: {visitor.email} (kept as written)."
    )
    assert all("@click" not in str(span.style) for span in shown.spans)
    assert any(
        "$warning" in str(span.style) and shown.plain[span.start : span.end] == "{visitor.email}"
        for span in shown.spans
    )
    prompt = snippet_option(SNIPPET).prompt
    assert "[b]sales[/b]" in str(prompt) and "[@click=app.quit]x[/]" in str(prompt)
