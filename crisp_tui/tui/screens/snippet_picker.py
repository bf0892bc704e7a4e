"""Pick a canned reply (snippet) for the composer.

`!` at the start of a word opens it with the filter focused, so the agent keeps typing the name
(↓ ↑ move, tab goes to the list where j k work); the binding opens it on the list. The filter
matches fuzzily on name, tags and text. The highlighted snippet shows below, filled in for the
open conversation: values marked, a placeholder with no value in the warning colour, the cursor
mark as a bar. Escape closes it; what was typed in the filter is kept in `typed`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import events, on
from textual.content import Content
from textual.fuzzy import Matcher
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...snippets import Snippet
from ...snippets.placeholders import missing_sentence, segments
from ..safe_text import clean
from .picker import PickerScreen

_MATCHED_TEXT = 300  # the filter looks this far into a snippet's text
_WEIGHTS = (1.0, 0.8, 0.6)  # a match in the name counts most, then the tags, then the text
_STYLES = {"value": "$text-success", "missing": "bold $warning", "text": ""}
CURSOR_MARK = "▏"
_ROW_WIDTH = 86  # a row of the dialog at its widest (app.tcss: #picker-dialog), less margins


def snippet_option(snippet: Snippet) -> Option:
    tags = _short(", ".join(snippet.tags), 30)
    room = max(20, _ROW_WIDTH - len(snippet.name) - len(tags))
    prompt = Content.assemble(
        (f"!{snippet.name}", "bold"),  # a name is letters, digits, - and _ (book.NAME)
        "  ",
        (tags, "$text-muted"),
        "  " if tags else "",
        _short(snippet.first_line, room),
    )
    return Option(prompt, id=snippet.name)


def _short(text: str, width: int) -> str:
    """One line of at most `width` characters, ending in … when cut (a row per snippet)."""
    line = clean(text, single_line=True, max_chars=width * 4)
    return line if len(line) <= width else f"{line[: width - 1]}…"


def preview(snippet: Snippet, values: Mapping[str, str]) -> Content:
    """The snippet as it would be inserted, with what it is made of shown."""
    cut = segments(snippet.text, values)
    parts = [
        Content.styled(CURSOR_MARK, "bold $accent")
        if kind == "cursor"
        else Content.styled(text, _STYLES[kind])
        for kind, text in cut
    ]
    missing = tuple(dict.fromkeys(text[1:-1] for kind, text in cut if kind == "missing"))
    if missing:
        warning = f"⚠ {missing_sentence(missing)} (kept as written)."
        parts += [Content("\n\n"), Content.styled(warning, "bold $warning")]
    return Content.assemble(*parts)


class SnippetPicker(PickerScreen):
    """Dismissed with the picked snippet's name, or None."""

    def __init__(
        self, snippets: Sequence[Snippet], values: Mapping[str, str], *, typing: bool
    ) -> None:
        """`values`: the placeholders' values for the open conversation. `typing`: opened by
        `!`, so the filter has the focus and a space (the word ended) closes the picker."""
        self.snippets = {snippet.name: snippet for snippet in snippets}
        self.values = values
        self.typing = typing
        self.typed = ""
        moves = "↓ ↑ move (tab: j k)" if typing else "j k move · type to filter"
        super().__init__(
            "Snippets",
            Content.styled(
                f"{moves} · enter inserts · escape closes (what you typed stays)", "$text-muted"
            ),
            [snippet_option(snippet) for snippet in snippets],
        )

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # the picker's own mounting runs here, before the focus moves
        super().on_mount()
        self.query_one("#picker-dialog").mount(Static(id="snippet-preview"))
        if self.typing:
            self.query_one("#picker-filter", Input).focus()
        self._show_preview(self.option_list.highlighted_option)

    def matching(self, query: str) -> list[Option]:
        """Fuzzy, best first; an empty filter keeps the file's order."""
        if not query.strip():
            return list(self.options)
        matcher = Matcher(query)
        scored = []
        for option in self.options:
            snippet = self.snippets[str(option.id)]
            texts = (snippet.name, " ".join(snippet.tags), snippet.text[:_MATCHED_TEXT])
            score = max(
                weight * matcher.match(text) for weight, text in zip(_WEIGHTS, texts, strict=True)
            )
            if score > 0:
                scored.append((score, option))
        scored.sort(key=lambda pair: -pair[0])
        return [option for _, option in scored]

    @on(Input.Changed, "#picker-filter")
    def _typed(self, event: Input.Changed) -> None:
        self.typed = event.value
        if self.typing and " " in event.value:  # `! ` or `!word `: punctuation, not a snippet
            self.dismiss(None)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_preview(event.option)

    def _show_preview(self, option: Option | None) -> None:
        snippet = self.snippets.get(str(option.id)) if option is not None else None
        shown = preview(snippet, self.values) if snippet else Content.styled("No match.", "dim")
        self.query_one("#snippet-preview", Static).update(shown)

    def action_cancel(self) -> None:
        self.dismiss(None)
