"""Pick one of the visitor's other conversations to open (the visitor panel's list)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from ..render.visitor import OtherConversation
from ..safe_text import clean, join, safe
from .picker import PickerScreen


class HistoryPicker(PickerScreen):
    """Dismissed with the session id of the conversation to open."""

    def __init__(self, visitor_name: str, others: Sequence[OtherConversation]) -> None:
        super().__init__(
            clean(f"Conversations of {visitor_name}", max_chars=60, single_line=True),
            Content.styled("enter opens · type to filter · escape cancels", "$text-muted"),
            [
                Option(
                    join(
                        [
                            safe(excerpt or "(no message)", max_chars=80, single_line=True),
                            safe(session_id, style="$text-muted", max_chars=60, single_line=True),
                        ],
                        sep=" ",
                    ),
                    id=session_id,
                )
                for session_id, excerpt, _ in others
            ],
            search_texts=[clean(f"{o.excerpt} {o.session_id}", single_line=True) for o in others],
        )
