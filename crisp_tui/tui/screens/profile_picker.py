"""Pick the profile (a `[profiles.NAME]` table: another website) to switch to. Only names are
shown: a profile's token never is."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets.option_list import Option

from ..safe_text import join, safe
from .picker import PickerScreen

CURRENT = "▸"


class ProfilePicker(PickerScreen):
    """Dismissed with the profile's name."""

    def __init__(self, names: Sequence[str], *, current: str) -> None:
        super().__init__(
            "Switch website",
            Content.styled(
                f"{CURRENT} in use · drafts and queued replies stay with their website · "
                "escape cancels",
                "$text-muted",
            ),
            [_option(name, current=name == current) for name in names],
            highlighted=current,
        )


def _option(name: str, *, current: bool) -> Option:
    mark = Content.styled(CURRENT if current else " ", "bold $success")
    label = safe(name, style="bold", single_line=True, max_chars=60)
    return Option(join([mark, label], sep=" "), id=name)
