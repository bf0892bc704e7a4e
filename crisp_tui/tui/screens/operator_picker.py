"""Pick the operator to assign a conversation to."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from ...crisp.models import Operator
from ..safe_text import join, safe
from .picker import PickerScreen


def operator_option(operator: Operator, *, me: str | None, current: str | None) -> Option:
    parts: list[object] = [safe(operator.display_name, style="bold", single_line=True)]
    if operator.email:
        parts.append(safe(operator.email, style="$text-muted", single_line=True))
    if operator.user_id == me:
        parts.append(Content.styled("(me)", "$accent"))
    if operator.user_id == current:
        parts.append(Content.styled("✓ assigned", "$success"))
    return Option(join(parts, sep=" "), id=operator.user_id)


class OperatorPicker(PickerScreen):
    def __init__(self, operators: Sequence[Operator], *, me: str | None, current: str | None):
        super().__init__(
            "Assign to",
            Content.styled("enter assigns · escape cancels", "$text-muted"),
            [operator_option(op, me=me, current=current) for op in operators if op.user_id],
        )
