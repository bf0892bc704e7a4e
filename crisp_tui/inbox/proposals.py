"""Replies and private notes an assistant proposes, kept in the local store for the agent.

A proposal is never sent by itself: the agent takes it into the composer (or dismisses it), and
sending goes through the same confirmation and outbox as every reply. The store is shared by
every window and process of one website, so `crisp-tui draft propose` or the MCP server add a
proposal and each running app sees it at its next cheap check (`ProposalWatch`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..untrusted import clean

if TYPE_CHECKING:
    from .store import Store

PROPOSAL_KINDS = ("reply", "note")
MAX_PROPOSAL_CHARS = 20_000
MAX_AUTHOR_CHARS = 60


class ProposalError(ValueError):
    """A proposal that cannot be stored as it is; str() is one sentence saying what to do."""


@dataclass(frozen=True)
class Proposal:
    id: int
    session_id: str
    kind: str  # "reply" | "note"
    text: str  # cleaned of escape and control characters when proposed
    author: str  # who proposed it: "command line", or the assistant's name
    created_at: int  # ms

    @property
    def is_note(self) -> bool:
        return self.kind == "note"


def propose(
    store: Store, session_id: str, text: str, *, kind: str, author: str, now_ms: int
) -> Proposal:
    """Store a proposal for `session_id`. The text is cleaned of escape and control characters
    (newlines stay) so what the agent reviews is exactly what can be sent."""
    if kind not in PROPOSAL_KINDS:
        raise ProposalError(f"A proposal is a reply or a note, not {kind!r}.")
    if session_id in ("", ".", "..") or "/" in session_id or not session_id.isprintable():
        raise ProposalError("That session id is not a valid Crisp id: copy it as Crisp shows it.")
    if len(text) > MAX_PROPOSAL_CHARS:
        raise ProposalError(
            f"The proposal is too long ({len(text):,} characters): keep it under "
            f"{MAX_PROPOSAL_CHARS:,}."
        )
    cleaned = clean(text, max_chars=MAX_PROPOSAL_CHARS, max_lines=MAX_PROPOSAL_CHARS).strip()
    if not cleaned:
        raise ProposalError("The proposal is empty: give the text of the reply or note.")
    who = clean(author, single_line=True, max_chars=MAX_AUTHOR_CHARS).strip() or "assistant"
    return store.add_proposal(session_id, kind, cleaned, who, now_ms)


class ProposalWatch:
    """Tells whether proposals changed since the last look, in one tiny query: cheap enough to
    ask several times a second from every window."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen = store.proposals_version()

    def changed(self) -> bool:
        version = self._store.proposals_version()
        if version == self._seen:
            return False
        self._seen = version
        return True
