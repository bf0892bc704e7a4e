"""Keeping both versions of a draft that two windows (or a returned reply) changed at once."""

from __future__ import annotations

PARAGRAPH = "\n\n"


def merge_drafts(base: str, ours: str, theirs: str) -> str:
    """The draft that keeps every word of both sides.

    `base` is the draft as this window last read or wrote it, `ours` what it holds now, `theirs`
    what the store holds now. When the other side only added text after `base` (a cancelled or
    refused reply coming back, another window typing on), only that addition follows ours;
    otherwise their whole text does. Ours comes first: it is what the agent is looking at.
    """
    if theirs == base or theirs in ours:
        return ours
    if ours == base or ours in theirs:
        return theirs
    added = theirs[len(base) :] if base and theirs.startswith(base) else theirs
    added = added.lstrip("\n")
    return f"{ours.rstrip()}{PARAGRAPH}{added}" if ours.strip() else added
