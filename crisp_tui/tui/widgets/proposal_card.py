"""The newest proposal an assistant made for the open conversation, above the composer.

It is shown, never sent: the agent takes it into the composer (to edit, then send through the
usual confirmation) or dismisses it. The text is shown literally (it may quote a visitor).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from ...present import clock_time
from ..safe_text import safe

if TYPE_CHECKING:
    from ...inbox.proposals import Proposal

MARK = "✦"


def proposal_content(proposals: Sequence[Proposal]) -> Content:
    newest = proposals[-1]
    what = "private note" if newest.is_note else "reply"
    header = Content.assemble(
        (f"{MARK} Proposed {what}", "bold $accent"),
        " from ",
        safe(newest.author, style="bold", max_chars=60, single_line=True),
        (f" at {clock_time(newest.created_at)}", "$text-muted"),
        (f" · 1 of {len(proposals)}" if len(proposals) > 1 else "", "$text-muted"),
    )
    hint = Content.styled("t take into the composer to edit · T dismiss · never sent as is", "dim")
    return Content("\n").join([header, safe(newest.text, max_chars=2000, max_lines=6), hint])


class ProposalCard(Static):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)

    def show_proposals(self, proposals: Sequence[Proposal]) -> None:
        self.display = bool(proposals)
        if proposals:
            self.update(proposal_content(proposals))
