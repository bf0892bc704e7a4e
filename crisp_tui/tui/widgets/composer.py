"""The composer: a multi-line TextArea for a reply or a private note, clearly told apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import TextArea

from ..bindings import bindings, key_hint, keymap_of
from ..safe_text import safe

Kind = Literal["reply", "note"]


class Composer(TextArea):
    """TextArea already edits like readline (ctrl+a/e/k/u/w); this adds send, $EDITOR, kinds."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        self.recipient = ""

    def set_recipient(self, name: str) -> None:
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

    def action_send(self) -> None:
        if not self.sending:
            self.post_message(self.SendRequested(self))

    def action_editor(self) -> None:
        if not self.sending:
            self.post_message(self.EditorRequested(self))

    def action_switch_kind(self) -> None:
        self.post_message(self.KindSwitched(self))
