"""Pick the operator to assign a conversation to: who is available, who has it now, and a
filter by name or email as the agent types."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from ...crisp.models import Operator
from ..safe_text import clean, join, safe
from .picker import PickerScreen

CURRENT = "▸"  # the operator who has the conversation now
AVAILABILITY = {
    "online": ("● online", "$success"),
    "away": ("◐ away", "$warning"),
    "offline": ("○ offline", "$text-muted"),
}


def operator_option(operator: Operator, *, me: str | None, current: str | None) -> Option:
    is_current = operator.user_id == current
    parts: list[object] = [
        Content.styled(CURRENT if is_current else " ", "bold $success"),
        safe(operator.display_name, style="bold", single_line=True, max_chars=80),
    ]
    if operator.user_id == me:
        parts.append(Content.styled("(you)", "$accent"))
    if operator.email:
        parts.append(safe(operator.email, style="$text-muted", single_line=True, max_chars=80))
    label, style = AVAILABILITY.get(operator.availability, ("", ""))
    if label:
        parts.append(Content.styled(label, style))
    if is_current:
        parts.append(Content.styled("assigned now", "$success"))
    return Option(join(parts, sep=" "), id=operator.user_id)


class OperatorPicker(PickerScreen):
    def __init__(
        self,
        operators: Sequence[Operator],
        *,
        me: str | None,
        current: str | None,
        title: str = "Assign to",
    ):
        listed = [op for op in operators if op.user_id]
        super().__init__(
            title,
            Content.styled(
                f"{CURRENT} has it now · type to filter · enter assigns · escape cancels",
                "$text-muted",
            ),
            [operator_option(op, me=me, current=current) for op in listed],
            search_texts=[
                clean(f"{op.display_name} {op.email}", single_line=True) for op in listed
            ],
            highlighted=current,
        )
