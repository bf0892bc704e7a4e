"""The composer: a multi-line TextArea for a reply or a private note, clearly told apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import TextArea
from textual.widgets.text_area import Location

from ...snippets import Expansion
from ..bindings import bindings, key_hint, keymap_of
from ..safe_text import safe

Kind = Literal["reply", "note"]


class Composer(TextArea):
    """TextArea already edits like readline (ctrl+a/e/k/u/w); this adds send, $EDITOR, kinds,
    and makes those keys act on the lines the agent typed, not the lines wrapping shows."""

    BINDINGS = bindings("composer")

    kind: reactive[Kind] = reactive("reply")
    sending: reactive[bool] = reactive(False)

    @dataclass
    class SendRequested(Message):
        composer: Composer

    @dataclass
    class EditorRequested(Message):
        composer: Composer

    @dataclass
    class KindSwitched(Message):
        composer: Composer

    @dataclass
    class SnippetWanted(Message):
        """`!` typed at the start of a word: `bang` is where it went."""

        composer: Composer
        bang: Location

    @dataclass
    class LeftWithKey(Message):
        """Alt+key (or escape then key typed fast, which terminals send the same way): leave
        the composer and press `key` where the focus lands."""

        composer: Composer
        key: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.recipient = ""

    def set_recipient(self, name: str) -> None:
        if name != self.recipient:  # a live update repaints nothing here when nobody changed
            self.recipient = name
            self._retitle()

    def watch_kind(self, kind: Kind) -> None:
        self.set_class(kind == "note", "-note")
        self.placeholder = (
            "Private note: only operators see it." if kind == "note" else "Reply to the visitor…"
        )
        self._retitle()

    def watch_sending(self, sending: bool) -> None:
        self.read_only = sending
        self._retitle()

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        # Read-only while a reply is on its way, the composer still keeps the letters typed:
        # the agent's next words must never reach the screen's keys (`e` would resolve).
        printable = character is not None and character.isprintable()
        return super().check_consume_key(key, character) or (self.sending and printable)

    def _retitle(self) -> None:
        label = "Private note" if self.kind == "note" else "Reply to"
        title = Content.styled(label, "bold")
        if self.kind == "reply":
            title = Content.assemble(
                title, " ", safe(self.recipient, max_chars=60, single_line=True)
            )
        self.border_title = title
        keymap = keymap_of(self.app)
        hint = f"{key_hint('send', keymap)} send · {key_hint('editor', keymap)} $EDITOR"
        self.border_subtitle = Content("sending…" if self.sending else hint)

    def on_key(self, event: events.Key) -> None:
        if self.sending and event.key == "enter":  # a new line, not `open`: see check_consume_key
            event.stop()
            event.prevent_default()
            return
        if event.key == "exclamation_mark" and not self.sending and self._at_word_start():
            # Runs before TextArea types the `!`: it lands where the cursor is now.
            self.post_message(self.SnippetWanted(self, self.cursor_location))
            return
        plain = event.key.removeprefix("alt+")
        if plain.startswith("shift+") and len(plain) == len("shift+x"):
            plain = plain[-1].upper()
        if event.key.startswith("alt+") and len(plain) == 1:
            event.stop()
            event.prevent_default()  # never typed into the draft
            self.post_message(self.LeftWithKey(self, plain))

    def _at_word_start(self) -> bool:
        row, column = self.cursor_location
        return self.selection.is_empty and (column == 0 or self.document[row][column - 1].isspace())

    def insert_expansion(self, expansion: Expansion, bang: Location | None) -> None:
        """Put a filled-in snippet in place of the `!` at `bang` (else at the cursor, over any
        selection) and the cursor where its `{cursor}` mark was."""
        start, end = self.selection.start, self.selection.end
        if bang is not None and self.get_text_range(bang, (bang[0], bang[1] + 1)) == "!":
            start, end = bang, (bang[0], bang[1] + 1)
        start, end = sorted((start, end))
        self.replace(expansion.text, start, end)
        before = expansion.text[: expansion.cursor]
        lines = before.split("\n")
        column = len(lines[-1]) + (start[1] if len(lines) == 1 else 0)
        self.move_cursor((start[0] + len(lines) - 1, column))

    def get_cursor_line_start_location(self, smart_home: bool = False) -> Location:
        return (self.cursor_location[0], 0)

    def get_cursor_line_end_location(self) -> Location:
        row = self.cursor_location[0]
        return (row, len(self.document[row]))

    def action_send(self) -> None:
        if not self.sending:
            self.post_message(self.SendRequested(self))

    def action_editor(self) -> None:
        if not self.sending:
            self.post_message(self.EditorRequested(self))

    def action_switch_kind(self) -> None:
        self.post_message(self.KindSwitched(self))
